using OfflineRl.MLNet.Algorithms.QChunking;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet;

/// <summary>Q-chunking on the trainer catalog, <c>mlContext.OfflineRL().Trainers.QChunking(...)</c>.</summary>
public static class QChunkingCatalog
{
    /// <summary>Q-chunking with chunks of <paramref name="chunkLength"/> actions.</summary>
    public static QChunkingTrainer QChunking(this PolicyTrainersCatalog catalog, int chunkLength = QChunkingOptions.DefaultChunkLength, int steps = TrainerOptions.DefaultSteps) =>
        catalog.QChunking(new QChunkingOptions { ChunkLength = chunkLength, Steps = steps });

    /// <summary>Q-chunking with <paramref name="options"/>.</summary>
    public static QChunkingTrainer QChunking(this PolicyTrainersCatalog catalog, QChunkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new QChunkingTrainer(catalog.Context, options);
    }
}
