using System.Text.Json;

namespace OfflineRl.MLNet.Tests.Cli;

public sealed class DataCommandsTests
{
    [Fact]
    public void Inspect_json_reports_the_cartpole_counts()
    {
        var (code, output, error) = CliRunner.Run("inspect", TestData.CartPole, "--json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(100, root.GetProperty("episodes").GetInt32());
        Assert.Equal(49_527, root.GetProperty("steps").GetInt32());
        Assert.Equal(495.3, root.GetProperty("episodeReturn").GetProperty("mean").GetDouble(), 0.05);
        Assert.Equal("Discrete(2)", root.GetProperty("actionSpace").GetString());
        Assert.Contains("End flags were absent", root.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_table_names_the_end_flag_assumption()
    {
        var (code, output, _) = CliRunner.Run("inspect", TestData.CartPole, "--episode-ends", "time-limit", "--time-limit", "500");
        Assert.Equal(0, code);
        Assert.Contains("49527", output, StringComparison.Ordinal);
        Assert.Contains("1 / 99", output, StringComparison.Ordinal);
        Assert.Contains("time limit of 500", output.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_with_nan_reward_is_refused_without_a_stack_trace()
    {
        var path = TestData.TempFile(".csv");
        try
        {
            File.WriteAllText(path, "episode_id,step,obs_0,action,reward,terminal\n4,0,0.1,1,1,0\n4,1,0.2,0,nan,1\n");
            var (code, output, error) = CliRunner.Run("inspect", path);
            Assert.Equal(1, code);
            Assert.Equal(string.Empty, output);
            Assert.Contains("episode 4, step 1: column 'reward' is NaN", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Csv_with_out_of_order_step_is_refused()
    {
        var path = TestData.TempFile(".csv");
        try
        {
            File.WriteAllText(path, "episode_id,step,obs_0,action,reward,terminal\n4,1,0.1,1,1,0\n4,0,0.2,0,1,1\n");
            var (code, _, error) = CliRunner.Run("convert", path, TestData.TempFile(".npz"));
            Assert.Equal(1, code);
            Assert.Contains("episode 4, row 2: column 'step' 0 follows step 1 (out of order", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Convert_turns_csv_into_npz_that_inspect_reads()
    {
        var csv = TestData.TempFile(".csv");
        var npz = TestData.TempFile(".npz");
        try
        {
            File.WriteAllText(csv, "ep,t,x,y,u,r,done\n1,0,0.5,1,0.25,1,0\n1,1,0.5,2,-0.5,2,1\n2,0,0,0,1,3,1\n");
            var (code, output, error) = CliRunner.Run("convert", csv, npz, "--episode-id", "ep", "--step", "t", "--obs", "x,y", "--action", "u",
                "--reward", "r", "--terminal", "done", "--action-kind", "continuous");
            Assert.True(code == 0, error);
            Assert.Contains("2 episodes, 3 steps", output, StringComparison.Ordinal);
            var (code2, json, _) = CliRunner.Run("inspect", npz, "--json");
            Assert.Equal(0, code2);
            using var doc = JsonDocument.Parse(json);
            Assert.Equal(6.0, doc.RootElement.GetProperty("episodeReturn").GetProperty("max").GetDouble() + doc.RootElement.GetProperty("episodeReturn").GetProperty("min").GetDouble());
            Assert.Equal(2, doc.RootElement.GetProperty("terminalEpisodes").GetInt32());
        }
        finally
        {
            File.Delete(csv);
            File.Delete(npz);
        }
    }

    [Fact]
    public void Missing_file_exits_non_zero_with_its_name()
    {
        var (code, _, error) = CliRunner.Run("inspect", "/nonexistent/data.npz");
        Assert.Equal(1, code);
        Assert.Contains("/nonexistent/data.npz", error, StringComparison.Ordinal);
    }
}
