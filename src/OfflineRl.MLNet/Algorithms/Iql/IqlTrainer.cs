using System.Diagnostics;
using OfflineRl.MLNet.Algorithms.Common;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Algorithms.Iql;

/// <summary>
/// Fits a policy by Implicit Q-Learning (continuous or discrete actions); the model also holds the value networks
/// "v", "q1" and "q2".
/// </summary>
/// <remarks>Kostrikov, Nair &amp; Levine 2021: https://arxiv.org/abs/2110.06169 .</remarks>
public sealed class IqlTrainer : ITrajectoryEstimator<PolicyModel>
{
    private readonly int _contextSeed;

    /// <summary>Creates the trainer; <paramref name="contextSeed"/> applies when the options give no seed.</summary>
    public IqlTrainer(IqlOptions? options = null, int contextSeed = 0)
    {
        Options = options ?? new IqlOptions();
        Options.Validate();
        _contextSeed = contextSeed;
    }

    /// <summary>The options.</summary>
    public IqlOptions Options { get; }

    /// <summary>Test hook: receives the algorithm before training starts.</summary>
    internal Action<IqlAlgorithm>? OnCreated { get; init; }

    /// <inheritdoc />
    public PolicyModel Fit(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var seed = Options.Seed ?? _contextSeed;
        var algorithm = new IqlAlgorithm(data, Options, seed);
        OnCreated?.Invoke(algorithm);
        var hash = DataHash.Of(data);
        var clock = Stopwatch.StartNew();
        var losses = TrainingLoop.Run(algorithm, Options, hash);
        return new PolicyModel(algorithm.Policy, "iql",
            OptionsJson.Of(Options, ("seed", seed), ("excludedFromTemporalDifference", algorithm.ExcludedFromTemporalDifference)), hash,
            losses, Options.Steps, clock.Elapsed.TotalSeconds, algorithm.ValueNetworks(), Options.Discount);
    }
}
