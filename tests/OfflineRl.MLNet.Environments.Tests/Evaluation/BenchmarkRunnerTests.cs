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
        Assert.Equal(2, lines.Count);
        Assert.Contains(BenchmarkReport.ToMarkdown(cells).Split('\n'), l => l.StartsWith("| CartPole-v1-medium-replay | 1 |", StringComparison.Ordinal));
    }

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
