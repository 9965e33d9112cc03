using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using Xunit.Abstractions;

namespace OfflineRl.MLNet.Tests.Evaluation;

public sealed class StitchBenchmarkTests(ITestOutputHelper output)
{
    private static readonly int[] Seeds = [0, 1, 2];

    [Fact]
    public void Cloning_does_not_stitch_start_to_goal_on_stitch_grid()
    {
        // Default options (1500 steps). Measured: BC 0/0/0 and filtered BC 0/0/0 success on seeds 0, 1, 2. With only 800 steps
        // BC reached 90% on one seed: the data's vote at the hub junction (8,6) is Down 170 / Right 133 (seed 0), and the cells
        // past it lean Right because start→hub segments target any hub cell, so an underfit, smooth policy rolls past the junction.
        var options = StitchAlgorithm.DefaultOptions();
        var benchmark = new StitchBenchmark(EnvironmentCatalog.StitchGrid, episodes: 10);
        var rows = new[]
        {
            benchmark.Run(StitchAlgorithm.BehaviorCloning(options), Seeds),
            benchmark.Run(StitchAlgorithm.FilteredBehaviorCloning(0.1, options), Seeds),
        };
        output.WriteLine(StitchBenchmark.ToMarkdown(rows));
        foreach (var row in rows)
        {
            Assert.Equal(3, row.PerSeed.Count);
            Assert.True(row.MeanSuccess <= 0.10, $"{row.Algorithm}: success {row.MeanSuccess:P0}");
        }
    }

    [Fact]
    public void Cloning_does_not_stitch_start_to_goal_in_the_point_maze()
    {
        var benchmark = new StitchBenchmark(EnvironmentCatalog.StitchPointMaze, episodes: 10);
        var rows = new[]
        {
            benchmark.Run(StitchAlgorithm.BehaviorCloning(), Seeds),
            benchmark.Run(StitchAlgorithm.FilteredBehaviorCloning(0.1), Seeds),
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
}
