using System.Diagnostics;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.Cli.Commands;

/// <summary>FQE critic steps per second: every run's rate and their median.</summary>
/// <param name="StepsPerSecond">One rate per timed run.</param>
/// <param name="Median">The median rate.</param>
internal sealed record FqeSpeed(IReadOnlyList<double> StepsPerSecond, double Median);

/// <summary>
/// <c>offlinerl bench --fqe</c>: the speed of fitted Q evaluation's critic step (target critic at s′ and the target policy's
/// action, TD regression, Adam) through the public <c>Evaluate</c>. A step's cost is taken as a difference: the same
/// evaluation with FQE at <c>steps + 1</c> and at 1 step, over <c>steps</c> — everything else an evaluation does (behaviour
/// model, the target policy's actions over the data, the importance-sampling family, the bootstrap) is the same work in
/// both and cancels.
/// </summary>
internal static class FqeBench
{
    public static FqeSpeed Run(TrajectoryDataset data, int batch, int[] hidden, int steps, int threads, int runs, double warmupSeconds)
    {
        var rl = new MLContext(0).OfflineRL();
        var policy = data.ActionSpace.IsDiscrete
            ? Policy.CreateRandom(PolicyKind.Categorical, data.ObservationDimension, data.ActionSpace.Count, hidden, seed: 1)
            : Policy.CreateRandom(PolicyKind.Gaussian, data.ObservationDimension, data.ActionSpace.Dimension, hidden, seed: 1);
        double Seconds(int fqeSteps)
        {
            var options = new OffPolicyEvaluationOptions
            {
                BootstrapResamples = 2,
                BehaviorCloningSteps = 1,
                Seed = 0,
                FittedQ = { Steps = fqeSteps, BatchSize = batch, HiddenSizes = hidden, Threads = threads },
            };
            var clock = Stopwatch.StartNew();
            rl.Evaluate(policy, data, options);
            return clock.Elapsed.TotalSeconds;
        }

        double Rate() => steps / Math.Max(1e-9, Seconds(steps + 1) - Seconds(1));
        var warm = Stopwatch.StartNew();
        do
        {
            Rate();
        }
        while (warm.Elapsed.TotalSeconds < warmupSeconds);

        var rates = Enumerable.Range(0, runs).Select(_ => Rate()).ToArray();
        return new FqeSpeed(rates, RunMedian.Of(rates));
    }
}
