using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Iql;
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

    /// <summary>The advantage-weights transform: V fitted to returns-to-go, then Advantage and Weight columns.</summary>
    public AdvantageWeightsEstimator AdvantageWeights(AwrOptions? options = null) => new(options, _seed);

    /// <summary>Advantage-weighted regression: advantage weights, then weighted behavior cloning.</summary>
    public AwrTrainer Awr(AwrOptions? options = null) => new(options, _seed);

    /// <summary>Implicit Q-Learning, continuous or discrete actions.</summary>
    public IqlTrainer Iql(IqlOptions? options = null) => new(options, _seed);
}
