using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Training;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet.Algorithms.BehaviorCloning;

/// <summary>
/// Filtered behavior cloning (%BC): keep the top fraction of episodes by return (<see cref="TrajectoryFilter"/>),
/// then clone them. Chen et al. 2021, §5: https://arxiv.org/abs/2106.01345 .
/// </summary>
public sealed class FilteredBehaviorCloningTrainer : PolicyTrainer<FilteredBehaviorCloningOptions>
{
    internal FilteredBehaviorCloningTrainer(MLContext context, FilteredBehaviorCloningOptions options)
        : base(context, options, "filtered-bc")
    {
    }

    private protected override TrajectoryDataset Prepare(TrajectoryDataset data, int seed, Action<string> warn)
    {
        var filtered = TrajectoryFilter.Apply(data, FilterCriterion.TopFraction, Options.TopFraction, null, out _, out var tie);
        if (tie is not null)
        {
            warn(tie);
        }

        return filtered;
    }

    private protected override TrainingAlgorithm CreateAlgorithm(TrajectoryDataset data, int seed) =>
        new BehaviorCloningAlgorithm(data, Options, Options.Head, Options.CosineDecay, seed, Options.UseWeights ?? data.HasColumn(ColumnNames.Weight));
}
