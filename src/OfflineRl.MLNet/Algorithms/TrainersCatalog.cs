using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet.Algorithms;

/// <summary>Trainers, reached as <c>OfflineRlContext.Trainers</c>; each is an estimator whose model holds the policy.</summary>
public sealed class TrainersCatalog
{
    private readonly int _seed;

    internal TrainersCatalog(int seed) => _seed = seed;

    /// <summary>Behavior cloning, weighted by the <c>Weight</c> column when present.</summary>
    public BehaviorCloningTrainer BehaviorCloning(BehaviorCloningOptions? options = null) => new(options, _seed);

    /// <summary>Filtered behavior cloning: clone the top <paramref name="topFraction"/> of episodes by return.</summary>
    public FilteredBehaviorCloningTrainer FilteredBehaviorCloning(double topFraction = FilterTrajectoriesEstimator.DefaultTopFraction, BehaviorCloningOptions? options = null) =>
        new(topFraction, options, _seed);
}
