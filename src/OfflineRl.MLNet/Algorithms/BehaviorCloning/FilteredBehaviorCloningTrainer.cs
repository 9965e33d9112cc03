using OfflineRl.MLNet.Algorithms.Common;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet.Algorithms.BehaviorCloning;

/// <summary>
/// Filtered behavior cloning (%BC): keep the top fraction of episodes by return (<see cref="TrajectoryFilter"/>),
/// then clone them. Chen et al. 2021, §5: https://arxiv.org/abs/2106.01345 .
/// </summary>
public sealed class FilteredBehaviorCloningTrainer : ITrajectoryEstimator<PolicyModel>
{
    private readonly BehaviorCloningTrainer _bc;

    /// <summary>Creates the trainer.</summary>
    /// <param name="topFraction">Fraction of episodes kept, in (0, 1] (default 10%).</param>
    /// <param name="options">BC options.</param>
    /// <param name="contextSeed">Seed used when the options give none.</param>
    public FilteredBehaviorCloningTrainer(double topFraction = FilterTrajectoriesEstimator.DefaultTopFraction, BehaviorCloningOptions? options = null, int contextSeed = 0)
    {
        Filter = new FilterTrajectoriesEstimator(FilterCriterion.TopFraction, topFraction);
        _bc = new BehaviorCloningTrainer(options, contextSeed) { AlgorithmName = "filtered-bc" };
    }

    /// <summary>The episode filter.</summary>
    public FilterTrajectoriesEstimator Filter { get; }

    /// <summary>The BC options.</summary>
    public BehaviorCloningOptions Options => _bc.Options;

    /// <inheritdoc />
    public PolicyModel Fit(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return _bc.Fit(Filter.Fit(data).Transform(data));
    }
}
