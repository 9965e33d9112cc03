namespace OfflineRl.MLNet.Tests.Cli;

public sealed class BenchmarkCommandTests
{
    [Fact]
    public void Algorithms_and_environments_select_the_rows_and_datasets_a_run_trains()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"offlinerl-benchmark-{Guid.NewGuid():N}");
        try
        {
            var (code, output, error) = CliRunner.Run("benchmark", "--algorithms", "bc,iql-ddpgbc", "--environments", "pendulum-v1",
                "--seeds", "1", "--steps", "20", "--data-steps", "400", "--episodes", "1", "--parallel", "1", "--out", dir);
            Assert.True(code == 0, error);
            Assert.Contains("2 algorithms × 1 datasets × 1 seed(s)", output, StringComparison.Ordinal);
            Assert.Contains("; 1 in parallel", output, StringComparison.Ordinal);
            Assert.Contains("2 jobs in ", output, StringComparison.Ordinal);
            var rows = File.ReadAllLines(Path.Combine(dir, "benchmark-seeds.csv")).Skip(1).ToArray();
            Assert.Equal(2, rows.Length);
            Assert.Single(rows, r => r.StartsWith("BC,Pendulum-v1-medium-replay,", StringComparison.Ordinal));
            Assert.Single(rows, r => r.StartsWith("IQL+DDPG+BC,Pendulum-v1-medium-replay,", StringComparison.Ordinal));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void A_parallelism_below_one_is_refused()
    {
        var (code, _, error) = CliRunner.Run("benchmark", "--quick", "--parallel", "0", "--out", Path.GetTempPath());
        Assert.Equal(1, code);
        Assert.Contains("--parallel must be at least 1 (got 0)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_row_or_environment_is_refused_with_the_names_that_exist()
    {
        var (code, _, error) = CliRunner.Run("benchmark", "--algorithms", "bc,sac", "--out", Path.GetTempPath());
        Assert.Equal(1, code);
        Assert.Contains("--algorithms: sac not in this run", error, StringComparison.Ordinal);
        Assert.Contains("iql-ddpgbc", error, StringComparison.Ordinal);
        (code, _, error) = CliRunner.Run("benchmark", "--quick", "--environments", "Pendulum-v1", "--out", Path.GetTempPath());
        Assert.Equal(1, code);
        Assert.Contains("--environments: Pendulum-v1 not in this run", error, StringComparison.Ordinal);
        (code, _, error) = CliRunner.Run("benchmark", "--chart-from", "a.csv", "--report-from", "b.csv", "--out", Path.GetTempPath());
        Assert.NotEqual(0, code);
        Assert.Contains("give one of them", error, StringComparison.Ordinal);
        (code, _, error) = CliRunner.Run("benchmark", "--suite", "gym", "--out", Path.GetTempPath());
        Assert.Equal(1, code);
        Assert.Contains("the one suite is 'locomotion'", error, StringComparison.Ordinal);
        (code, _, error) = CliRunner.Run("benchmark", "--suite", "locomotion", "--quick", "--out", Path.GetTempPath());
        Assert.Equal(1, code);
        Assert.Contains("--quick is the classic suite's CI run", error, StringComparison.Ordinal);
    }
}
