using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.Awr;

/// <summary>
/// Advantage-weighted regression: V fitted to Monte-Carlo returns (<see cref="AdvantageWeightsEstimator"/>), then
/// behavior cloning weighted by w = min(exp(β·A), MaxWeight).
/// </summary>
/// <remarks>Peng et al. 2019: https://arxiv.org/abs/1910.00177 .</remarks>
public sealed class AwrTrainer : PolicyTrainer<AwrOptions>
{
    internal AwrTrainer(MLContext context, AwrOptions? options)
        : base(context, options ?? new AwrOptions(), "awr")
    {
    }

    private protected override TrajectoryDataset Prepare(TrajectoryDataset data, int seed, Action<string> warn) =>
        AdvantageWeightsEstimator.FitValue(data, Options, seed).ApplyTo(data);

    private protected override TrainingAlgorithm CreateAlgorithm(TrajectoryDataset data, int seed) =>
        new BehaviorCloningAlgorithm(data, Options, Options.Head, Options.CosineDecay, seed, useWeights: true);
}
