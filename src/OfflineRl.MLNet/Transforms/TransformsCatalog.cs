using OfflineRl.MLNet.Algorithms.Awr;

namespace OfflineRl.MLNet.Transforms;

/// <summary>Data transforms, reached as <c>OfflineRlContext.Transforms</c>.</summary>
public sealed class TransformsCatalog
{
    private readonly int _seed;

    internal TransformsCatalog(int seed = 0) => _seed = seed;

    /// <summary>Adds <c>ReturnToGo</c>: G_t = r_t + γ·G_{t+1} per episode.</summary>
    public ReturnsToGoEstimator ReturnsToGo(float discount = ReturnsToGoEstimator.DefaultDiscount) => new(discount);

    /// <summary>Adds <c>TrajectoryReturn</c>: each step's episode return (undiscounted unless γ is given).</summary>
    public TrajectoryReturnsEstimator TrajectoryReturns(float? discount = null) => new(discount);

    /// <summary>Keeps the best max(1, ⌈fraction·N⌉) episodes by return.</summary>
    public FilterTrajectoriesEstimator FilterTrajectories(double topFraction = FilterTrajectoriesEstimator.DefaultTopFraction, float? discount = null) =>
        new(FilterCriterion.TopFraction, topFraction, discount);

    /// <summary>Keeps the best <paramref name="count"/> episodes by return.</summary>
    public FilterTrajectoriesEstimator FilterTopTrajectories(int count, float? discount = null) => new(FilterCriterion.TopCount, count, discount);

    /// <summary>Keeps every episode whose return is at least <paramref name="minReturn"/>.</summary>
    public FilterTrajectoriesEstimator FilterTrajectoriesByReturn(double minReturn, float? discount = null) => new(FilterCriterion.MinReturn, minReturn, discount);

    /// <summary>Normalizes observations with mean/std fitted on the data (ε = 1e-3 added to the std).</summary>
    public ObservationNormalizerEstimator NormalizeObservations(float epsilon = ObservationNormalizerEstimator.DefaultEpsilon) => new(epsilon);

    /// <summary>Rewards r' = r·scale + shift.</summary>
    public RewardScalingEstimator ScaleRewards(float scale = 1f, float shift = 0f) => new(RewardScalingMode.Affine, scale, shift);

    /// <summary>IQL's locomotion scaling: r' = r·1000/(max − min episode return) + shift.</summary>
    public RewardScalingEstimator ScaleRewardsForLocomotion(float shift = 0f) => new(RewardScalingMode.Locomotion, 1f, shift);

    /// <summary>
    /// Adds <c>Advantage</c> = G − V(s) and <c>Weight</c> = min(exp(β·A), MaxWeight) (DESIGN §5), with V fitted by MSE to the
    /// Monte-Carlo returns-to-go (AWR's data side). Uses the value settings of <paramref name="options"/>; the context's seed
    /// applies when the options give none.
    /// </summary>
    public AdvantageWeightsEstimator AdvantageWeights(AwrOptions? options = null) => new(options, _seed);
}
