using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.Rwr;

/// <summary>
/// Reward-weighted regression: behavior cloning weighted by exp(β·G) of the Monte-Carlo returns-to-go
/// (<see cref="AdvantageWeighting"/>), no value function.
/// </summary>
/// <remarks>Peters &amp; Schaal 2007: https://doi.org/10.1145/1273496.1273590 .</remarks>
public sealed class RwrTrainer : PolicyTrainer<RwrOptions>
{
    internal RwrTrainer(MLContext context, RwrOptions? options)
        : base(context, options ?? new RwrOptions(), "rwr")
    {
    }

    /// <summary>Adds <c>ReturnToGo</c> (when missing) and <c>Weight</c> = min(exp(β·(G − max G)), MaxWeight).</summary>
    private protected override TrajectoryDataset Prepare(TrajectoryDataset data, int seed, Action<string> warn)
    {
        var returns = AdvantageWeightsTransformer.ReturnsOf(data, Options.Discount);
        var weights = new float[data.Count];
        AdvantageWeighting.ReturnWeights(returns, Options.Weighting.InverseTemperature, Options.Weighting.MaxWeight, weights);
        var result = data.HasColumn(ColumnNames.ReturnToGo) ? data : data.WithColumn(ColumnNames.ReturnToGo, returns);
        return result.WithColumn(ColumnNames.Weight, weights);
    }

    private protected override TrainingAlgorithm CreateAlgorithm(TrajectoryDataset data, int seed) =>
        new BehaviorCloningAlgorithm(data, Options, Options.Head, Options.CosineDecay, seed, useWeights: true);
}
