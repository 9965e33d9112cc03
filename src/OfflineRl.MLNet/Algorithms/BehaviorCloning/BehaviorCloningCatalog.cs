using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet;

/// <summary>Behavior cloning on the trainer catalog, <c>mlContext.OfflineRL().Trainers.BehaviorCloning(...)</c>.</summary>
public static class BehaviorCloningCatalog
{
    /// <summary>Behavior cloning, weighted by the <c>Weight</c> column when present.</summary>
    public static BehaviorCloningTrainer BehaviorCloning(this PolicyTrainersCatalog catalog, int steps = TrainerOptions.DefaultSteps, int batchSize = TrainerOptions.DefaultBatchSize) =>
        catalog.BehaviorCloning(new BehaviorCloningOptions { Steps = steps, BatchSize = batchSize });

    /// <summary>Behavior cloning with <paramref name="options"/>.</summary>
    public static BehaviorCloningTrainer BehaviorCloning(this PolicyTrainersCatalog catalog, BehaviorCloningOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new BehaviorCloningTrainer(catalog.Context, options);
    }

    /// <summary>Filtered behavior cloning: clone the top <paramref name="topFraction"/> of episodes by return.</summary>
    public static FilteredBehaviorCloningTrainer FilteredBehaviorCloning(this PolicyTrainersCatalog catalog, double topFraction = FilterTrajectoriesEstimator.DefaultTopFraction, int steps = TrainerOptions.DefaultSteps) =>
        catalog.FilteredBehaviorCloning(new FilteredBehaviorCloningOptions { TopFraction = topFraction, Steps = steps });

    /// <summary>Filtered behavior cloning with <paramref name="options"/>.</summary>
    public static FilteredBehaviorCloningTrainer FilteredBehaviorCloning(this PolicyTrainersCatalog catalog, FilteredBehaviorCloningOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new FilteredBehaviorCloningTrainer(catalog.Context, options);
    }
}
