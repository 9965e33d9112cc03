using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet.Tests.Data;

public sealed class NpzLoaderTests
{
    [Fact]
    public void Shared_cartpole_loads_with_stated_counts_and_mean_return()
    {
        var data = NpzDatasetLoader.Load(TestData.CartPole, TestData.CartPoleOptions);
        Assert.Equal(100, data.EpisodeCount);
        Assert.Equal(49_527, data.Count);
        Assert.Equal(4, data.ObservationDimension);
        Assert.Equal(ActionSpace.Discrete(2), data.ActionSpace);
        Assert.Equal(495.3, Returns.EpisodeReturns(data).Average(), 0.05);
        var summary = DatasetSummary.Of(data);
        Assert.Equal(data.EpisodeCount, summary.TerminalEpisodes + summary.TruncatedEpisodes);
        Assert.Equal(500, summary.EpisodeLength.Max);
        // Every episode shorter than the time limit ended terminally.
        Assert.All(data.Episodes, ep => Assert.Equal(ep.Length != 500, ep.EndsTerminal));
        Assert.Contains(data.Notes, n => n.Contains("End flags were absent", StringComparison.Ordinal) && n.Contains("500", StringComparison.Ordinal));
    }

    [Fact]
    public void Shared_pendulum_loads_as_continuous()
    {
        var data = NpzDatasetLoader.Load(TestData.Pendulum, new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.AllTruncated });
        Assert.Equal(20_000, data.Count);
        Assert.Equal(100, data.EpisodeCount);
        Assert.Equal(3, data.ObservationDimension);
        Assert.Equal(ActionKind.Continuous, data.ActionSpace.Kind);
        Assert.Equal(1, data.ActionSpace.Dimension);
        Assert.All(data.Episodes, ep => Assert.Equal(200, ep.Length));
        Assert.InRange(data.ActionSpace.Low![0], -2.0001f, 2f);
        Assert.InRange(data.ActionSpace.High![0], -2f, 2.0001f);
    }

    [Fact]
    public void Stable_baselines_file_without_end_flags_needs_an_assumption()
    {
        var ex = Assert.Throws<DatasetValidationException>(() => NpzDatasetLoader.Load(TestData.CartPole));
        Assert.Contains("no end flags", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expert_cartpole.npz", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void D4rl_file_round_trips_through_the_writer()
    {
        var data = NpzDatasetLoader.Load(TestData.Pendulum, new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.AllTruncated });
        var path = TestData.TempFile(".npz");
        try
        {
            NpzDatasetWriter.Write(data, path);
            var back = NpzDatasetLoader.Load(path);
            DatasetAssert.Equal(data, back);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Arrays_of_different_lengths_are_refused()
    {
        var path = TestData.TempFile(".npz");
        try
        {
            NpzFile.Write(path,
            [
                NpyArray.Create("observations", new float[10], 5, 2),
                NpyArray.Create("actions", new float[4], 4, 1),
                NpyArray.Create("rewards", new float[5], 5),
                NpyArray.Create("terminals", new bool[5], 5),
                NpyArray.Create("timeouts", new bool[5], 5),
            ]);
            var ex = Assert.Throws<DatasetValidationException>(() => NpzDatasetLoader.Load(path));
            Assert.Contains("'actions' has 4 rows but 'observations' has 5", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Unsupported_dtype_is_refused_with_what_was_found()
    {
        var path = TestData.TempFile(".npz");
        try
        {
            using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
            {
                var entry = zip.CreateEntry("observations.npy");
                using var s = entry.Open();
                var header = "{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }";
                header = header.PadRight(118) + "\n";
                s.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, 0]);
                s.Write(System.Text.Encoding.Latin1.GetBytes(header));
                s.Write(new byte[4]);
            }

            var ex = Assert.Throws<DatasetValidationException>(() => NpzDatasetLoader.Load(path));
            Assert.Contains("dtype '<f2' is not supported", ex.Message, StringComparison.Ordinal);
            Assert.Contains("observations", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Nan_in_npz_names_episode_step_and_array()
    {
        var path = TestData.TempFile(".npz");
        try
        {
            var obs = new float[] { 0, 1, 2, float.NaN };
            NpzFile.Write(path,
            [
                NpyArray.Create("observations", obs, 4, 1),
                NpyArray.Create("actions", new long[] { 0, 1, 0, 1 }, 4),
                NpyArray.Create("rewards", new float[4], 4),
                NpyArray.Create("terminals", new[] { false, true, false, true }, 4),
                NpyArray.Create("timeouts", new bool[4], 4),
            ]);
            var ex = Assert.Throws<DatasetValidationException>(() => NpzDatasetLoader.Load(path));
            Assert.Contains("episode 1, step 1: observations[0] is NaN", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
