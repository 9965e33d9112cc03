using System.Diagnostics;
using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Common;
using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Algorithms.Iql;

/// <summary>
/// Fits a policy by Implicit Q-Learning (continuous or discrete actions); the model also holds the value networks
/// "v", "q1" and "q2".
/// </summary>
/// <remarks>Kostrikov, Nair &amp; Levine 2021: https://arxiv.org/abs/2110.06169 .</remarks>
public sealed class IqlTrainer : PolicyTrainer<IqlOptions>
{
    internal IqlTrainer(MLContext context, IqlOptions? options)
        : base(context, options ?? new IqlOptions(), "iql")
    {
    }

    /// <summary>Test hook: receives the algorithm before training starts.</summary>
    internal Action<IqlAlgorithm>? OnCreated { get; init; }

    private protected override PolicyModel Train(TrajectoryDataset data, int seed, IProgress<TrainingProgress> log)
    {
        var algorithm = new IqlAlgorithm(data, Options, seed);
        OnCreated?.Invoke(algorithm);
        var hash = DataHash.Of(data);
        var clock = Stopwatch.StartNew();
        var losses = TrainingLoop.Run(algorithm, Options, hash, log);
        return new PolicyModel(algorithm.Policy, Algorithm,
            OptionsJson.Of(Options, ("seed", seed), ("excludedFromTemporalDifference", algorithm.ExcludedFromTemporalDifference)), hash,
            losses, Options.Steps, clock.Elapsed.TotalSeconds, algorithm.ValueNetworks(), Options.Discount);
    }
}
