using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.BehaviorCloning;

/// <summary>Fits a policy by (optionally weighted) behavior cloning; the baseline every method must beat.</summary>
/// <remarks>Weighted by the <c>Weight</c> column when the data has one (see <see cref="BehaviorCloningOptions.UseWeights"/>).</remarks>
public sealed class BehaviorCloningTrainer : PolicyTrainer<BehaviorCloningOptions>
{
    internal BehaviorCloningTrainer(MLContext context, BehaviorCloningOptions? options)
        : base(context, options ?? new BehaviorCloningOptions(), "bc")
    {
    }

    private protected override TrainingAlgorithm CreateAlgorithm(TrajectoryDataset data, int seed) =>
        new BehaviorCloningAlgorithm(data, Options, Options.Head, Options.CosineDecay, seed, Options.UseWeights ?? data.HasColumn(ColumnNames.Weight));
}
