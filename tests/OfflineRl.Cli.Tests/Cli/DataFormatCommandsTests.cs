using System.Text.Json;

namespace OfflineRl.MLNet.Tests.Cli;

/// <summary><c>inspect</c>, <c>convert</c> and <c>train --data</c> pick the format from the file or folder, and take the mapping flags.</summary>
public sealed class DataFormatCommandsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"offlinerl-cli-formats-{Guid.NewGuid():N}");

    public DataFormatCommandsTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name) => Path.Combine(_dir, name);

    private static JsonElement InspectJson(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(["inspect", .. args, "--json"]);
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Convert_writes_hdf5_and_parquet_that_inspect_and_train_read_by_their_content()
    {
        foreach (var output in new[] { "cartpole.hdf5", "cartpole.parquet", "cartpole-copy.npz" })
        {
            var (code, _, error) = CliRunner.Run("convert", TestData.CartPole, File(output), "--episode-ends", "time-limit", "--time-limit", "500");
            Assert.True(code == 0, error);
        }

        // Content decides, not the name: the HDF5 file renamed to .bin still reads as HDF5; a folder of Parquet parts as Parquet.
        System.IO.File.Move(File("cartpole.hdf5"), File("cartpole.bin"));
        Directory.CreateDirectory(File("parts"));
        System.IO.File.Copy(File("cartpole.parquet"), File("parts/part-00000.parquet"));
        var expected = InspectJson(TestData.CartPole, "--episode-ends", "time-limit", "--time-limit", "500");
        foreach (var path in new[] { File("cartpole.bin"), File("cartpole.parquet"), File("parts"), File("cartpole-copy.npz") })
        {
            var summary = InspectJson(path);
            Assert.Equal(expected.GetProperty("steps").GetInt32(), summary.GetProperty("steps").GetInt32());
            Assert.Equal(expected.GetProperty("episodes").GetInt32(), summary.GetProperty("episodes").GetInt32());
            Assert.Equal(expected.GetProperty("terminalEpisodes").GetInt32(), summary.GetProperty("terminalEpisodes").GetInt32());
            Assert.Equal("Discrete(2)", summary.GetProperty("actionSpace").GetString());
        }

        var (trained, trainOutput, trainError) = CliRunner.Run("train", "--data", File("cartpole.parquet"), "--algo", "bc", "--steps", "5", "--batch", "32",
            "--hidden", "8", "--out", File("model"));
        Assert.True(trained == 0, trainError + trainOutput);
        Assert.True(Directory.Exists(File("model")));
    }

    [Fact]
    public void Inspect_takes_the_mapping_flags_and_a_missing_column_names_them()
    {
        System.IO.File.WriteAllText(File("logs.csv"), "visit,x,dose,outcome,done\n1,0.5,0,1,0\n1,0.25,1,2,1\n2,1,1,3,1\n");
        var (code, _, error) = CliRunner.Run("inspect", File("logs.csv"));
        Assert.Equal(1, code);
        Assert.Contains("missing column 'episode_id'", error, StringComparison.Ordinal);
        Assert.Contains("--episode-id", error, StringComparison.Ordinal);

        var summary = InspectJson(File("logs.csv"), "--episode-id", "visit", "--obs", "x", "--action", "dose", "--reward", "outcome", "--terminal", "done");
        Assert.Equal(2, summary.GetProperty("episodes").GetInt32());
        Assert.Equal(3, summary.GetProperty("steps").GetInt32());
        Assert.Equal(6.0, summary.GetProperty("episodeReturn").GetProperty("max").GetDouble() + summary.GetProperty("episodeReturn").GetProperty("min").GetDouble());
    }
}
