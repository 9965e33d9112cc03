using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;

namespace OfflineRl.MLNet.Tests.Evaluation;

public sealed class BenchmarkRunnerTests
{
    [Fact]
    public void Tiny_run_returns_a_cell_per_algorithm_and_dataset()
    {
        var algorithms = BenchmarkAlgorithm.Defaults(steps: 50).Where(a => a.Name is "BC" or "IQL").ToArray();
        var datasets = new[] { new BenchmarkDataset(EnvironmentCatalog.CartPole, BehaviorDatasetKind.MediumReplay, 2000) };
        var lines = new List<string>();
        var cells = new BenchmarkRunner(algorithms, datasets, [0], episodes: 2).Run(new Progress(lines));
        Assert.Equal(2, cells.Count);
        Assert.Equal(["BC", "IQL"], cells.Select(c => c.Algorithm));
        Assert.All(cells, c => Assert.Equal("CartPole-v1-medium-replay", c.Dataset));
        Assert.All(cells, c => Assert.Single(c.PerSeed));
        Assert.All(cells, c => Assert.True(double.IsFinite(c.MeanScore)));
        Assert.Equal(3, lines.Count);
        Assert.All(lines.Take(2), l => Assert.Matches(@"; (\d+s|\d+m \d\ds) left\)$", l));
        // The last line sets the wall clock beside the jobs' own times, the measure of what running them at once saved.
        Assert.Matches(@"^2 jobs in \d+\.\d s of wall clock, \d+ at a time; their own training and evaluation times add up to \d+\.\d s \(\d+ %\)$", lines[2]);
        Assert.Contains(BenchmarkReport.ToMarkdown(cells).Split('\n'), l => l.StartsWith("| CartPole-v1-medium-replay | 1 |", StringComparison.Ordinal));
    }

    // Each cell trains on one thread with its own seeds, so two cores running cells side by side give the bits of one
    // core running them in turn.
    [Fact]
    public void Cells_in_parallel_score_what_they_score_one_by_one()
    {
        var algorithms = BenchmarkAlgorithm.Defaults(steps: 60).Where(a => a.Name is "BC" or "IQL" or "AWR").ToArray();
        var datasets = new[] { new BenchmarkDataset(EnvironmentCatalog.Pendulum, BehaviorDatasetKind.MediumReplay, 1500) };
        var parallel = new BenchmarkRunner(algorithms, datasets, [0, 1], episodes: 2) { MaxParallelism = 2 }.Run();
        var serial = new BenchmarkRunner(algorithms, datasets, [0, 1], episodes: 2) { MaxParallelism = 1 }.Run();
        Assert.Equal(serial.Select(c => (c.Algorithm, c.Dataset)), parallel.Select(c => (c.Algorithm, c.Dataset)));
        Assert.Equal(serial.SelectMany(c => c.PerSeed.Select(r => r.MeanReturn)), parallel.SelectMany(c => c.PerSeed.Select(r => r.MeanReturn)));
    }

    [Fact]
    public void Goal_reaching_tasks_get_at_least_their_episode_floor_and_dense_tasks_the_run_s_count()
    {
        var algorithms = BenchmarkAlgorithm.Defaults(steps: 30).Where(a => a.Name is "BC").ToArray();
        var datasets = new[]
        {
            new BenchmarkDataset(EnvironmentCatalog.CartPole, BehaviorDatasetKind.MediumReplay, 1000),
            new BenchmarkDataset(EnvironmentCatalog.MountainCar, BehaviorDatasetKind.MediumReplay, 1000),
        };
        var runner = new BenchmarkRunner(algorithms, datasets, [0], episodes: 3) { GoalTaskEpisodes = 7 };

        Assert.Equal(
            [3, 7, 7, 7, 7, 3, 7, 7],
            new[]
            {
                EnvironmentCatalog.CartPole, EnvironmentCatalog.Acrobot, EnvironmentCatalog.MountainCar, EnvironmentCatalog.MountainCarContinuous,
                EnvironmentCatalog.StitchGrid, EnvironmentCatalog.Pendulum, EnvironmentCatalog.StitchFork, EnvironmentCatalog.StitchForkPoint,
            }.Select(runner.EpisodesFor));
        Assert.Equal([3, 7], runner.Run().Select(c => c.PerSeed[0].Episodes));

        // A run's own count above the floor wins; without a floor every task gets the run's count.
        Assert.Equal(9, new BenchmarkRunner(algorithms, datasets, [0], episodes: 9) { GoalTaskEpisodes = 7 }.EpisodesFor(EnvironmentCatalog.MountainCar));
        Assert.Equal(3, new BenchmarkRunner(algorithms, datasets, [0], episodes: 3).EpisodesFor(EnvironmentCatalog.StitchGrid));

        // Six seeds' evaluations (seed + 1000) at 200 episodes each start from 1,200 different reset seeds.
        Assert.Equal(1200, Enumerable.Range(1000, 6).SelectMany(s => Enumerable.Range(0, 200).Select(i => PolicyEvaluator.EpisodeSeed(s, i))).Distinct().Count());
    }

    [Theory]
    [InlineData(10, 1, 4, "30s")]
    [InlineData(100, 1, 3, "3m 20s")]
    [InlineData(1800, 1, 4, "1h 30m")]
    [InlineData(5, 0, 4, "0s")]
    public void Time_left_extrapolates_the_pace_so_far(double elapsedSeconds, int finished, int total, string expected) =>
        Assert.Equal(expected, BenchmarkRunner.TimeLeft(TimeSpan.FromSeconds(elapsedSeconds), finished, total));

    private sealed class Progress(List<string> lines) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (lines)
            {
                lines.Add(value);
            }
        }
    }
}
