using Microsoft.ML;
using OfflineRl.MLNet.Data;
using static OfflineRl.MLNet.Tests.DuckDb;

namespace OfflineRl.MLNet.Tests.Data;

/// <summary>
/// Parquet written by DuckDB's own <c>COPY … TO</c> (not by this library) in RLlib's columns and as generic rows, loaded
/// and compared value by value and boundary by boundary with what DuckDB reads back from the same file; and the library's
/// writer read by DuckDB.
/// </summary>
public sealed class ParquetLoaderTests : IDisposable
{
    /// <summary>
    /// RLlib's offline columns: twelve episodes of 3–7 steps (lengths 3 + 7e mod 5), ending terminated (even e) or
    /// truncated (odd e), three discrete actions with their behaviour log-probabilities.
    /// </summary>
    private const string RllibSteps = """
        CREATE TABLE steps AS
        SELECT e AS eps_id, t,
               [sin(e * 10 + t), cos(e * 10 + t), (e * 10 + t) / 7.0]::FLOAT[] AS obs,
               [sin(e * 10 + t + 1), cos(e * 10 + t + 1), (e * 10 + t + 1) / 7.0]::FLOAT[] AS new_obs,
               ((e + t) % 3)::BIGINT AS actions,
               (t * 0.5 - e)::DOUBLE AS rewards,
               (t = 2 + (e * 7) % 5 AND e % 2 = 0) AS terminateds,
               (t = 2 + (e * 7) % 5 AND e % 2 = 1) AS truncateds,
               ln(0.2 + ((e + t) % 3) * 0.1)::DOUBLE AS action_logp
        FROM range(12) r(e), range(10) s(t)
        WHERE t < 3 + (e * 7) % 5
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"offlinerl-parquet-{Guid.NewGuid():N}");
    private readonly DuckDb _db = new();

    public ParquetLoaderTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string File(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Rllib_columns_written_by_duckdb_load_every_value_episode_end_and_the_behaviour_log_probability()
    {
        _db.Execute(RllibSteps);
        _db.Execute($"COPY (SELECT * FROM steps ORDER BY eps_id, t) TO '{File("rllib.parquet")}' (FORMAT parquet, ROW_GROUP_SIZE 2048)");
        var written = _db.Rows($"SELECT eps_id, t, obs, new_obs, actions, rewards, terminateds, truncateds, action_logp FROM '{File("rllib.parquet")}'");

        var data = ParquetDatasetLoader.Load(File("rllib.parquet"));

        Assert.Equal(written.Count, data.Count);
        Assert.Equal(Enumerable.Range(0, 12).Select(e => (long)e).ToArray(), data.EpisodeIds.ToArray());
        var offsets = new List<int> { 0 };
        for (var e = 0; e < 12; e++)
        {
            offsets.Add(offsets[^1] + 3 + (e * 7 % 5));
        }

        Assert.Equal(offsets, data.EpisodeOffsets.ToArray());
        Assert.Equal(Enumerable.Range(0, 12).Select(e => e % 2 == 0).ToArray(), data.Episodes.Select(ep => ep.EndsTerminal).ToArray());
        Assert.Equal(3, data.ObservationDimension);
        Assert.Equal(Floats(written, 2), data.Observations.ToArray());
        Assert.Equal(Floats(written, 3), data.NextObservations.ToArray());
        Assert.Equal(ActionSpace.Discrete(3), data.ActionSpace);
        Assert.Equal(written.Select(r => (int)(long)r[4]).ToArray(), data.DiscreteActions.ToArray());
        Assert.Equal(Floats(written, 5), data.Rewards.ToArray());
        Assert.Equal(written.Select(r => (bool)r[6]).ToArray(), data.IsTerminal.ToArray());
        Assert.Equal(written.Select(r => (bool)r[7]).ToArray(), data.IsTruncated.ToArray());
        Assert.Equal(Floats(written, 8), data.GetColumn(ColumnNames.BehaviorLogProbability).ToArray());
        Assert.Contains(ColumnNames.BehaviorLogProbability, data.Schema.Select(c => c.Name));
    }

    [Fact]
    public void Generic_rows_with_text_episode_ids_and_continuous_actions_load_through_the_default_mapping()
    {
        _db.Execute("""
            CREATE TABLE visits AS
            SELECT 'patient-' || (11 - e) AS episode_id, t AS step,
                   (e + t / 4.0)::DOUBLE AS obs_0, (e * t - 1.5)::DOUBLE AS obs_1,
                   (sin(e + t))::FLOAT AS action_0, (cos(e - t) * 0.5)::FLOAT AS action_1,
                   (t + 0.25)::FLOAT AS reward, (t = 3) AS terminal, false AS truncated
            FROM range(5) r(e), range(4) s(t)
            """);
        _db.Execute($"COPY (SELECT * FROM visits ORDER BY episode_id DESC, step) TO '{File("visits.parquet")}' (FORMAT parquet)");
        var written = _db.Rows($"SELECT episode_id, step, obs_0, obs_1, action_0, action_1, reward, terminal FROM '{File("visits.parquet")}'");

        var data = new MLContext(0).OfflineRL().Data.Load(File("visits.parquet"));

        Assert.Equal(20, data.Count);
        Assert.Equal([0, 4, 8, 12, 16, 20], data.EpisodeOffsets.ToArray());
        Assert.Equal(written.SelectMany(r => new[] { Convert.ToSingle(r[2]), Convert.ToSingle(r[3]) }).ToArray(), data.Observations.ToArray());
        Assert.Equal(ActionKind.Continuous, data.ActionSpace.Kind);
        Assert.Equal(written.SelectMany(r => new[] { (float)r[4], (float)r[5] }).ToArray(), data.ContinuousActions.ToArray());
        Assert.Equal(Floats(written, 6), data.Rewards.ToArray());
        Assert.Equal(written.Select(r => (bool)r[7]).ToArray(), data.IsTerminal.ToArray());
        Assert.Contains(data.Notes, n => n.Contains("are text; episodes are numbered 0–4", StringComparison.Ordinal));
    }

    [Fact]
    public void The_writer_is_read_by_duckdb_and_back_by_the_loader_with_the_behaviour_log_probability()
    {
        _db.Execute(RllibSteps);
        _db.Execute($"COPY (SELECT * FROM steps ORDER BY eps_id, t) TO '{File("rllib.parquet")}' (FORMAT parquet)");
        var data = ParquetDatasetLoader.Load(File("rllib.parquet"));

        new MLContext(0).OfflineRL().Data.SaveAsParquet(data, File("ours.parquet"));
        var read = _db.Rows($"SELECT episode_id, step, obs_0, obs_1, obs_2, action, reward, terminal, truncated, next_obs_0, action_logp FROM '{File("ours.parquet")}'");

        Assert.Equal(data.Count, read.Count);
        Assert.Equal(data.Episodes.SelectMany(ep => Enumerable.Repeat(ep.Id, ep.Length)).ToArray(), read.Select(r => (long)r[0]).ToArray());
        Assert.Equal(data.Episodes.SelectMany(ep => Enumerable.Range(0, ep.Length)).ToArray(), read.Select(r => (int)r[1]).ToArray());
        Assert.Equal(data.Observations.ToArray(), read.SelectMany(r => new[] { (float)r[2], (float)r[3], (float)r[4] }).ToArray());
        Assert.Equal(data.DiscreteActions.ToArray().Select(a => (long)a).ToArray(), read.Select(r => (long)r[5]).ToArray());
        Assert.Equal(data.Rewards.ToArray(), read.Select(r => (float)r[6]).ToArray());
        Assert.Equal(data.IsTerminal.ToArray(), read.Select(r => (bool)r[7]).ToArray());
        Assert.Equal(data.IsTruncated.ToArray(), read.Select(r => (bool)r[8]).ToArray());
        Assert.Equal(data.GetColumn(ColumnNames.BehaviorLogProbability).ToArray(), read.Select(r => (float)r[10]).ToArray());

        var back = ParquetDatasetLoader.Load(File("ours.parquet"));
        DatasetAssert.Equal(data, back);
        Assert.Equal(data.GetColumn(ColumnNames.BehaviorLogProbability).ToArray(), back.GetColumn(ColumnNames.BehaviorLogProbability).ToArray());
    }

    [Fact]
    public void A_folder_of_part_files_reads_as_one_table_in_name_order()
    {
        _db.Execute(RllibSteps);
        _db.Execute($"COPY (SELECT * FROM steps ORDER BY eps_id, t) TO '{File("all.parquet")}' (FORMAT parquet)");
        Directory.CreateDirectory(File("parts"));
        _db.Execute($"COPY (SELECT * FROM steps WHERE eps_id < 5 ORDER BY eps_id, t) TO '{File("parts/part-00000.parquet")}' (FORMAT parquet)");
        _db.Execute($"COPY (SELECT * FROM steps WHERE eps_id >= 5 ORDER BY eps_id, t) TO '{File("parts/part-00001.parquet")}' (FORMAT parquet)");

        var whole = ParquetDatasetLoader.Load(File("all.parquet"));
        var parts = new MLContext(0).OfflineRL().Data.Load(File("parts"));

        DatasetAssert.Equal(whole, parts);
    }

    [Fact]
    public void Minari_parquet_storage_written_by_duckdb_loads_with_the_padding_row_dropped()
    {
        // Minari's parquet storage: data/<episode id>/*.parquet, every per-step column padded to N + 1 rows.
        var data = Directory.CreateDirectory(File("pen-v0/data")).FullName;
        System.IO.File.WriteAllText(Path.Combine(data, "metadata.json"),
            "{\"data_format\": \"parquet\", \"total_episodes\": 4, \"total_steps\": 14, \"ref_min_score\": 1.5, \"ref_max_score\": 9.0, " +
            "\"action_space\": \"{\\\"type\\\": \\\"Box\\\", \\\"dtype\\\": \\\"float32\\\", \\\"shape\\\": [2], \\\"low\\\": [-1.0, -1.0], \\\"high\\\": [1.0, 1.0]}\"}");
        int[] lengths = [2, 5, 3, 4];
        for (var e = 0; e < lengths.Length; e++)
        {
            var n = lengths[e];
            Directory.CreateDirectory(Path.Combine(data, $"{e}"));
            _db.Execute($"""
                COPY (SELECT [t * 0.5 + {e}, -t]::FLOAT[] AS observations,
                             CASE WHEN t < {n} THEN [sin(t + {e}) * 0.9, cos(t) * 0.9] ELSE [0, 0] END::FLOAT[] AS actions,
                             CASE WHEN t < {n} THEN t + 0.5 ELSE 0 END::DOUBLE AS rewards,
                             t = {n - 1} AND {e} % 2 = 0 AS terminations, t = {n - 1} AND {e} % 2 = 1 AS truncations
                      FROM range({n + 1}) s(t) ORDER BY t) TO '{Path.Combine(data, $"{e}", "part-0.parquet")}' (FORMAT parquet)
                """);
        }

        var loaded = new MLContext(0).OfflineRL().Data.Load(File("pen-v0"));

        Assert.Equal(14, loaded.Count);
        Assert.Equal([0, 2, 7, 10, 14], loaded.EpisodeOffsets.ToArray());
        Assert.Equal([true, false, true, false], loaded.Episodes.Select(e => e.EndsTerminal).ToArray());
        Assert.Equal(ActionSpace.Continuous(2, [-1f, -1f], [1f, 1f]), loaded.ActionSpace);
        for (var e = 0; e < lengths.Length; e++)
        {
            var written = _db.Rows($"SELECT observations, actions, rewards FROM '{Path.Combine(data, $"{e}", "part-0.parquet")}'");
            var episode = loaded.GetEpisode(e);
            var n = lengths[e];
            var obs = Floats(written, 0);
            Assert.Equal(obs[..(2 * n)], loaded.Observations.Slice(episode.Start * 2, 2 * n).ToArray());
            Assert.Equal(obs[2..], loaded.NextObservations.Slice(episode.Start * 2, 2 * n).ToArray());
            Assert.Equal(Floats(written, 1)[..(2 * n)], loaded.ContinuousActions.Slice(episode.Start * 2, 2 * n).ToArray());
            Assert.Equal(Floats(written, 2)[..n], loaded.Rewards.Slice(episode.Start, n).ToArray());
        }

        Assert.Contains(loaded.Notes, n => n.Contains("ref_min_score = 1.5", StringComparison.Ordinal));
    }

    [Fact]
    public void Rllib_dones_alone_end_episodes_as_missing_end_flags_says_and_an_undone_last_episode_is_truncated()
    {
        _db.Execute("""
            CREATE TABLE old AS
            SELECT e AS eps_id, [t * 1.0, e * 1.0]::FLOAT[] AS obs, (t % 2)::BIGINT AS actions, 1.0::DOUBLE AS rewards,
                   (t = 3 AND e < 2) AS dones
            FROM range(3) r(e), range(4) s(t)
            """);
        _db.Execute($"COPY (SELECT * FROM old ORDER BY eps_id) TO '{File("old.parquet")}' (FORMAT parquet)");

        var refused = Assert.Throws<DatasetValidationException>(() => ParquetDatasetLoader.Load(File("old.parquet")));
        Assert.Contains("column 'dones' ends it but does not say whether the MDP ended", refused.Message, StringComparison.Ordinal);

        var data = ParquetDatasetLoader.Load(File("old.parquet"), options: new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.AllTerminal });
        Assert.Equal([true, true, false], data.Episodes.Select(e => e.EndsTerminal).ToArray());
        Assert.True(data.IsTruncated[11]);
        Assert.Contains(data.Notes, n => n.Contains("1 cut by the log", StringComparison.Ordinal));
    }
}
