using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Training;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet.Algorithms.BehaviorCloning;

/// <summary>
/// Filtered behavior cloning (%BC): keep the top fraction of episodes by return (<see cref="TrajectoryFilter"/>),
/// then clone them. Chen et al. 2021, §5: https://arxiv.org/abs/2106.01345 .
/// </summary>
public sealed class FilteredBehaviorCloningTrainer : PolicyTrainer<BehaviorCloningOptions>
{
    internal FilteredBehaviorCloningTrainer(MLContext context, double topFraction, BehaviorCloningOptions? options)
        : base(context, options ?? new BehaviorCloningOptions(), "filtered-bc")
    {
        TrajectoryFilter.CheckValue(FilterCriterion.TopFraction, topFraction);
        TopFraction = topFraction;
    }

    /// <summary>Fraction of episodes kept, by undiscounted return.</summary>
    public double TopFraction { get; }

    private protected override TrajectoryDataset Prepare(TrajectoryDataset data, int seed) =>
        TrajectoryFilter.Apply(data, FilterCriterion.TopFraction, TopFraction, null, out _);

    private protected override TrainingAlgorithm CreateAlgorithm(TrajectoryDataset data, int seed) =>
        new BehaviorCloningAlgorithm(data, Options, Options.Head, Options.CosineDecay, seed, Options.UseWeights ?? data.HasColumn(ColumnNames.Weight));
}
