using System.Globalization;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;

namespace OfflineRl.Samples.Stitching;

/// <summary>Success rates on StitchGrid (mean over seeds).</summary>
public sealed record StitchingResult(double BcSuccess, double IqlSuccess);

/// <summary>
/// StitchGrid: the logged data only has trajectories that go start → middle and middle → goal, never the whole way.
/// Behavior cloning cannot join the halves; IQL's value function can, and reaches the goal.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Run(args, Console.Out);
        return 0;
    }

    /// <summary>Optional arg: number of seeds (default 1).</summary>
    public static StitchingResult Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var seedCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1;
        var seeds = Enumerable.Range(0, seedCount).ToArray();
        var benchmark = new StitchBenchmark(EnvironmentCatalog.StitchGrid, episodes: 10);
        var bc = benchmark.Run(StitchAlgorithm.BehaviorCloning(StitchAlgorithm.DefaultOptions()), seeds);
        // IQL with the benchmark's sparse-reward settings (τ 0.9, β 10, 3,000 steps, 256×256): on the start-side hub data
        // (no logged episode walks past the junction toward the goal) 1,500 steps of a 128×128 net left V too flat to stitch.
        var iql = benchmark.Run(StitchAlgorithm.Iql(StitchAlgorithm.DefaultIqlOptions()), seeds);
        output.WriteLine(StitchBenchmark.ToMarkdown([bc, iql]));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"success: BC {bc.MeanSuccess:P0}, IQL {iql.MeanSuccess:P0}"));
        return new StitchingResult(bc.MeanSuccess, iql.MeanSuccess);
    }
}
