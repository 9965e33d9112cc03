using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Pipeline;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet;

/// <summary>
/// Training-time transforms, reached as <c>mlContext.OfflineRL().Transforms</c>. Each is an ML.NET estimator that reads whole
/// episodes: append it with <c>TransformerScope.Training</c> so that <c>model.GetModelFor(TransformerScope.Scoring)</c> is the
/// model that scores and saves.
/// </summary>
public sealed class TrajectoryTransformsCatalog
{
    private readonly MLContext _context;

    internal TrajectoryTransformsCatalog(MLContext context) => _context = context;

    /// <summary>Adds <c>ReturnToGo</c>: G_t = r_t + γ·G_{t+1} per episode.</summary>
    public ReturnsToGoEstimator ReturnsToGo(float discount = ReturnsToGoEstimator.DefaultDiscount) => new(new() { Discount = discount });

    /// <summary>Adds the return-to-go column as <paramref name="options"/> say (columns, γ, output name).</summary>
    public ReturnsToGoEstimator ReturnsToGo(ReturnsToGoEstimator.Options options) => new(options);

    /// <summary>Adds <c>TrajectoryReturn</c>: each step's episode return (undiscounted unless γ is given).</summary>
    public TrajectoryReturnsEstimator TrajectoryReturns(float? discount = null) => new(new() { Discount = discount });

    /// <summary>Adds the trajectory-return column as <paramref name="options"/> say.</summary>
    public TrajectoryReturnsEstimator TrajectoryReturns(TrajectoryReturnsEstimator.Options options) => new(options);

    /// <summary>Keeps the best max(1, ⌈fraction·N⌉) episodes by return.</summary>
    public FilterTrajectoriesEstimator FilterTrajectories(double topFraction = FilterTrajectoriesEstimator.DefaultTopFraction, float? discount = null) =>
        new(new() { Criterion = FilterCriterion.TopFraction, Value = topFraction, Discount = discount }) { Context = _context };

    /// <summary>Keeps the best <paramref name="count"/> episodes by return.</summary>
    public FilterTrajectoriesEstimator FilterTopTrajectories(int count, float? discount = null) =>
        new(new() { Criterion = FilterCriterion.TopCount, Value = count, Discount = discount }) { Context = _context };

    /// <summary>Keeps every episode whose return is at least <paramref name="minReturn"/>.</summary>
    public FilterTrajectoriesEstimator FilterTrajectoriesByReturn(double minReturn, float? discount = null) =>
        new(new() { Criterion = FilterCriterion.MinReturn, Value = minReturn, Discount = discount }) { Context = _context };

    /// <summary>Filters episodes as <paramref name="options"/> say.</summary>
    public FilterTrajectoriesEstimator FilterTrajectories(FilterTrajectoriesEstimator.Options options) => new(options) { Context = _context };

    /// <summary>Rewards r' = r·scale + shift.</summary>
    public RewardScalingEstimator ScaleRewards(float scale = 1f, float shift = 0f) => new(new() { Scale = scale, Shift = shift });

    /// <summary>IQL's locomotion scaling: r' = r·1000/(max − min episode return) + shift.</summary>
    public RewardScalingEstimator ScaleRewardsForLocomotion(float shift = 0f) => new(new() { Mode = RewardScalingMode.Locomotion, Shift = shift });

    /// <summary>Scales rewards as <paramref name="options"/> say.</summary>
    public RewardScalingEstimator ScaleRewards(RewardScalingEstimator.Options options) => new(options);

    /// <summary>
    /// Adds <c>Advantage</c> = G − V(s) and <c>Weight</c> = min(exp(β·A), MaxWeight), with V fitted by MSE to the
    /// Monte-Carlo returns-to-go (AWR's data side), using the value settings of <paramref name="options"/>.
    /// </summary>
    public AdvantageWeightsEstimator AdvantageWeights(AwrOptions? options = null) => new(_context, options);

    /// <summary>
    /// A transformer that scores a policy you already hold — one read with <see cref="Policy.Load(string)"/> or made with
    /// <see cref="Policy.CreateRandom"/> — exactly as a trained model does: it appends <c>PredictedAction</c> (and
    /// <c>ActionProbabilities</c> for discrete actions), saves with <c>mlContext.Model.Save</c> and exports to ONNX. Its
    /// <see cref="PolicyTransformer.Model"/> records the algorithm as <c>policy</c> and no training.
    /// </summary>
    /// <param name="policy">The policy.</param>
    /// <param name="observationColumnName">The column of raw observations it reads.</param>
    public PolicyTransformer ApplyPolicy(Policy policy, string observationColumnName = Data.ColumnNames.Observation)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentException.ThrowIfNullOrEmpty(observationColumnName);
        return new PolicyTransformer(_context, new Trainers.PolicyModel(policy, "policy", "{}", "", new Dictionary<string, double>(), 0, 0, null), observationColumnName);
    }
}
