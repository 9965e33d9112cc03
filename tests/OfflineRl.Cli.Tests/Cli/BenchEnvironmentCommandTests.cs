using System.Text.Json;

namespace OfflineRl.MLNet.Tests.Cli;

/// <summary><c>offlinerl bench --env</c>: one row per environment with the steps/s of each timed run.</summary>
public sealed class BenchEnvironmentCommandTests
{
    [Fact]
    public void Env_json_has_a_row_per_environment_with_positive_speeds()
    {
        var (code, output, error) = CliRunner.Run("bench", "--env", "hopper-v4,Pendulum-v1", "--steps", "300", "--runs", "2", "--warmup", "0.1", "--json");

        Assert.True(code == 0, output + error);
        using var json = JsonDocument.Parse(output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(["Hopper-v4", "Pendulum-v1"], rows.Select(r => r.GetProperty("env").GetString()));
        foreach (var row in rows)
        {
            Assert.Equal(2, row.GetProperty("runs").GetArrayLength());
            Assert.True(row.GetProperty("medianStepsPerSecond").GetDouble() > 0);
        }

        // Random actions topple the hopper within a few dozen steps, so 600 timed steps include resets.
        Assert.True(rows[0].GetProperty("resets").GetInt32() > 3);
    }

    [Fact]
    public void Env_refuses_an_unknown_environment_with_the_known_ones()
    {
        var (code, _, error) = CliRunner.Run("bench", "--env", "Ant-v4");
        Assert.NotEqual(0, code);
        Assert.Contains("Walker2d-v4", error, StringComparison.Ordinal);
    }
}
