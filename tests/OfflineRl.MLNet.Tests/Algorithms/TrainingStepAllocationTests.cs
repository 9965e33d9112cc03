using OfflineRl.MLNet.Tests.Cli;

namespace OfflineRl.MLNet.Tests.Algorithms;

public sealed class TrainingStepAllocationTests
{
    public static TheoryData<string, string?> BenchCases()
    {
        var data = new TheoryData<string, string?>();
        foreach (var entry in AlgorithmList.All)
        {
            if (entry.Supports(discrete: false))
            {
                data.Add(entry.Name, null);
            }

            if (entry.Supports(discrete: true))
            {
                data.Add(entry.Name, "3");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BenchCases))]
    public void Bench_command_reports_a_median_rate(string algo, string? discrete)
    {
        var args = new List<string> { "bench", "--algo", algo, "--obs", "3", "--act", "2", "--batch", "8", "--hidden", "8", "--steps", "5", "--runs", "1", "--rows", "200", "--warmup", "0.5", "--json" };
        if (discrete is not null)
        {
            args.AddRange(["--discrete", discrete]);
        }

        var (code, output, error) = CliRunner.Run([.. args]);
        Assert.True(code == 0, error);
        Assert.Contains("\"medianStepsPerSecond\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_command_prints_a_table()
    {
        var (code, output, error) = CliRunner.Run("bench", "--algo", "iql", "--obs", "3", "--act", "2", "--batch", "8", "--hidden", "8", "--steps", "5", "--runs", "1", "--rows", "200", "--warmup", "0.5");
        Assert.True(code == 0, error);
        Assert.Contains("Median steps/s", output, StringComparison.Ordinal);
        (code, _, error) = CliRunner.Run("bench", "--algo", "bc", "--warmup", "0.1");
        Assert.NotEqual(0, code);
        Assert.Contains("--warmup must be at least 0.5", error, StringComparison.Ordinal);
    }
}
