using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using Xunit.Abstractions;

namespace OfflineRl.MLNet.Tests.Evaluation;

[Trait(Tier.Name, Tier.Slow)]
public sealed class StitchBenchmarkTests(ITestOutputHelper output)
{
    private static readonly int[] Seeds = [0, 1, 2];

    [Fact]
    public void Cloning_does_not_stitch_start_to_goal_on_stitch_grid()
    {
        // Default options (1500 steps). Before start→hub episodes ended west of the junction the data's vote at the hub junction
        // (8,6) was Down 170 / Right 133 (seed 0) and BC reached the goal on seeds 3 and 5; now it is Down 155 / Right 58–72.
        var options = StitchAlgorithm.DefaultOptions();
        var benchmark = new StitchBenchmark(EnvironmentCatalog.StitchGrid, episodes: 10);
        var rows = new[]
        {
            benchmark.Run(StitchAlgorithm.BehaviorCloning(options), Seeds),
            benchmark.Run(StitchAlgorithm.FilteredBehaviorCloning(), Seeds),
        };
        output.WriteLine(StitchBenchmark.ToMarkdown(rows));
        foreach (var row in rows)
        {
            Assert.Equal(3, row.PerSeed.Count);
            Assert.True(row.MeanSuccess <= 0.10, $"{row.Algorithm}: success {row.MeanSuccess:P0}");
        }
    }

    [Fact]
    public void Iql_stitches_start_to_goal_on_stitch_grid()
    {
        // Issue 5's claim: IQL success ≥ 90% over ≥ 3 seeds on data in which no episode goes from the start room to the goal.
        var benchmark = new StitchBenchmark(EnvironmentCatalog.StitchGrid, episodes: 10);
        var row = benchmark.Run(StitchAlgorithm.Iql(), Seeds);
        output.WriteLine(StitchBenchmark.ToMarkdown([row]));
        Assert.Equal(3, row.PerSeed.Count);
        Assert.True(row.MeanSuccess >= 0.90, $"IQL: success {row.MeanSuccess:P0}");
    }

    [Fact]
    public void Cloning_does_not_stitch_start_to_goal_in_the_point_maze()
    {
        var benchmark = new StitchBenchmark(EnvironmentCatalog.StitchPointMaze, episodes: 10);
        var rows = new[]
        {
            benchmark.Run(StitchAlgorithm.BehaviorCloning(), Seeds),
            benchmark.Run(StitchAlgorithm.FilteredBehaviorCloning(), Seeds),
        };
        output.WriteLine(StitchBenchmark.ToMarkdown(rows));
        foreach (var row in rows)
        {
            output.WriteLine($"{row.Algorithm} per seed: {string.Join(", ", row.PerSeed.Select(r => r.SuccessRate))}");
        }

        // The issue's ≤ 10% claim is for StitchGrid. In the point maze plain BC stays at 0%, but filtered BC (trained only on
        // the hub → goal segments, which start anywhere in the corridor) sometimes extrapolates from the start room into the
        // corridor and then follows those segments: measured 40%, 0%, 0% on seeds 0, 1, 2. Recorded, not asserted.
        Assert.True(rows[0].MeanSuccess <= 0.10, $"{rows[0].Algorithm}: success {rows[0].MeanSuccess:P0}");
        Assert.All(rows[1].PerSeed, r => Assert.NotNull(r.SuccessRate));
    }

    [Fact]
    public void Benchmark_rejects_non_stitching_environments() =>
        Assert.Throws<ArgumentException>(() => new StitchBenchmark(EnvironmentCatalog.CartPole));

    [Fact]
    public void On_the_fork_test_iql_stitches_and_cloning_takes_the_safe_exit()
    {
        // StitchFork-v0: the start's logged right moves all ended in the trap; only a TD backup through the shared junction
        // finds the goal. Measured (six seeds, benchmark): IQL 100 % on every seed, BC and filtered BC 0 % (return 0.5, the exit).
        var benchmark = new StitchBenchmark(EnvironmentCatalog.StitchFork, episodes: 2);
        int[] seeds = [0, 1];
        var iql = benchmark.Run(StitchAlgorithm.Iql(), seeds);
        var bc = benchmark.Run(StitchAlgorithm.BehaviorCloning(), seeds);
        var filtered = benchmark.Run(StitchAlgorithm.FilteredBehaviorCloning(), seeds);
        output.WriteLine(StitchBenchmark.ToMarkdown([iql, bc, filtered]));
        Assert.Equal(1.0, iql.MeanSuccess);
        Assert.Equal(0.0, bc.MeanSuccess);
        Assert.Equal(0.0, filtered.MeanSuccess);
        Assert.All(bc.PerSeed.Concat(filtered.PerSeed), r => Assert.Equal(0.5, r.MeanReturn, 6));
    }
}
