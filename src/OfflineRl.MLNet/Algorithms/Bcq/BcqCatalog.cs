using OfflineRl.MLNet.Algorithms.Bcq;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet;

/// <summary>Discrete BCQ on the trainer catalog, <c>mlContext.OfflineRL().Trainers.Bcq(...)</c>.</summary>
public static class BcqCatalog
{
    /// <summary>Discrete Batch-Constrained Q-learning with threshold <paramref name="threshold"/> on G(a|s) / max G(·|s).</summary>
    public static BcqTrainer Bcq(this PolicyTrainersCatalog catalog, float threshold = BcqOptions.DefaultThreshold, int steps = TrainerOptions.DefaultSteps) =>
        catalog.Bcq(new BcqOptions { Threshold = threshold, Steps = steps });

    /// <summary>Discrete Batch-Constrained Q-learning with <paramref name="options"/>.</summary>
    public static BcqTrainer Bcq(this PolicyTrainersCatalog catalog, BcqOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new BcqTrainer(catalog.Context, options);
    }
}
