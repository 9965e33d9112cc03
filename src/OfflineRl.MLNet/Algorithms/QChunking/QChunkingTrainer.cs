using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.QChunking;

/// <summary>
/// Fits a deterministic action-chunk policy by Q-chunking (continuous actions): the policy emits
/// <see cref="QChunkingOptions.ChunkLength"/> actions per observation, executed open-loop; the model also holds the chunk
/// critics "q1" and "q2". Reached as <c>mlContext.OfflineRL().Trainers.QChunking(...)</c>.
/// </summary>
/// <remarks>Li, Zhou &amp; Levine 2025: https://arxiv.org/abs/2507.07969 .</remarks>
public sealed class QChunkingTrainer : PolicyTrainer<QChunkingOptions>
{
    internal QChunkingTrainer(MLContext context, QChunkingOptions? options)
        : base(context, options ?? new QChunkingOptions(), "q-chunking")
    {
    }

    private protected override TrainingAlgorithm CreateAlgorithm(TrajectoryDataset data, int seed) =>
        new QChunkingAlgorithm(data, Options, seed);
}
