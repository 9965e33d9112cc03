using System.Diagnostics;
using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Common;
using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Algorithms.BehaviorCloning;

/// <summary>Fits a policy by (optionally weighted) behavior cloning; the baseline every method must beat.</summary>
/// <remarks>Weighted by the <c>Weight</c> column when the data has one (see <see cref="BehaviorCloningOptions.UseWeights"/>).</remarks>
public sealed class BehaviorCloningTrainer : PolicyTrainer<BehaviorCloningOptions>
{
    internal BehaviorCloningTrainer(MLContext context, BehaviorCloningOptions? options)
        : base(context, options ?? new BehaviorCloningOptions(), "bc")
    {
    }

    private protected override PolicyModel Train(TrajectoryDataset data, int seed, IProgress<TrainingProgress> log) =>
        Clone(data, Options, seed, log, Algorithm);

    /// <summary>Behavior cloning of <paramref name="data"/>, recorded as <paramref name="algorithm"/> (filtered BC and AWR end here).</summary>
    internal static PolicyModel Clone(TrajectoryDataset data, BehaviorCloningOptions options, int seed, IProgress<TrainingProgress>? log, string algorithm)
    {
        var useWeights = options.UseWeights ?? data.HasColumn(ColumnNames.Weight);
        var network = new BehaviorCloningAlgorithm(data, options, seed, useWeights);
        var hash = DataHash.Of(data);
        var clock = Stopwatch.StartNew();
        var losses = TrainingLoop.Run(network, options, hash, log);
        return new PolicyModel(network.Policy, algorithm, OptionsJson.Of(options, ("useWeights", useWeights), ("seed", seed)), hash,
            losses, options.Steps, clock.Elapsed.TotalSeconds, values: null);
    }
}
