using System.Diagnostics;
using OfflineRl.MLNet.Algorithms.Common;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Algorithms.BehaviorCloning;

/// <summary>Fits a policy by (optionally weighted) behavior cloning; the baseline every method must beat.</summary>
public sealed class BehaviorCloningTrainer : ITrajectoryEstimator<PolicyModel>
{
    private readonly int _contextSeed;

    /// <summary>Creates the trainer; <paramref name="contextSeed"/> applies when the options give no seed.</summary>
    public BehaviorCloningTrainer(BehaviorCloningOptions? options = null, int contextSeed = 0)
    {
        Options = options ?? new BehaviorCloningOptions();
        Options.Validate();
        _contextSeed = contextSeed;
    }

    /// <summary>The options.</summary>
    public BehaviorCloningOptions Options { get; }

    /// <summary>Algorithm name recorded in the model (filtered BC and AWR set their own).</summary>
    internal string AlgorithmName { get; init; } = "bc";

    /// <inheritdoc />
    public PolicyModel Fit(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var useWeights = Options.UseWeights ?? data.HasColumn(ColumnNames.Weight);
        var seed = Options.Seed ?? _contextSeed;
        var algorithm = new BehaviorCloningAlgorithm(data, Options, seed, useWeights);
        var hash = DataHash.Of(data);
        var clock = Stopwatch.StartNew();
        var losses = TrainingLoop.Run(algorithm, Options, hash);
        return new PolicyModel(algorithm.Policy, AlgorithmName, OptionsJson.Of(Options, ("useWeights", useWeights), ("seed", seed)), hash,
            losses, Options.Steps, clock.Elapsed.TotalSeconds, values: null);
    }
}
