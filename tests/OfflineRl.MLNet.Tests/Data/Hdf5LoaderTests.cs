using System.Text.Json;
using Microsoft.ML;
using OfflineRl.MLNet.Data;
using static OfflineRl.MLNet.Tests.ExternalPython;

namespace OfflineRl.MLNet.Tests.Data;

/// <summary>
/// HDF5 written by h5py — the writer D4RL and Minari use — in D4RL's flat layout and Minari's episode layout, loaded and
/// compared value by value and boundary by boundary with what h5py wrote; and the library's D4RL writer read back by h5py.
/// </summary>
public sealed class Hdf5LoaderTests : IDisposable
{
    /// <summary>
    /// D4RL's layout: 57 steps in four episodes that end terminal (step 9), by timeout (24), terminal (40) and by timeout
    /// (56). Observations gzip-compressed in chunks, rewards float64, infos/ and metadata/ beside, as in D4RL's files.
    /// </summary>
    private const string D4rlScript = """
        import json, sys
        import h5py
        import numpy as np
        rng = np.random.default_rng(7)
        n = 57
        obs = rng.normal(size=(n, 3)).astype(np.float32)
        nxt = rng.normal(size=(n, 3)).astype(np.float32)
        act = rng.uniform(-1, 1, size=(n, 2)).astype(np.float32)
        rew = rng.normal(size=n).astype(np.float32).astype(np.float64)
        term = np.zeros(n, dtype=bool)
        tout = np.zeros(n, dtype=bool)
        term[[9, 40]] = True
        tout[[24, 56]] = True
        with h5py.File(sys.argv[1], 'w') as f:
            f.create_dataset('observations', data=obs, compression='gzip', chunks=(8, 3))
            f.create_dataset('next_observations', data=nxt)
            f.create_dataset('actions', data=act)
            f.create_dataset('rewards', data=rew)
            f.create_dataset('terminals', data=term)
            f.create_dataset('timeouts', data=tout)
            f.create_dataset('infos/qpos', data=rng.normal(size=(n, 2)))
            f['metadata/algorithm'] = 'SAC'
        json.dump({'observations': obs.tolist(), 'next_observations': nxt.tolist(), 'actions': act.tolist(),
                   'rewards': rew.tolist(), 'terminals': term.tolist(), 'timeouts': tout.tolist()}, open(sys.argv[2], 'w'))
        """;

    /// <summary>
    /// Minari's layout as its HDF5 storage writes it: a dataset folder with data/main_data.hdf5 (groups episode_{id},
    /// track_order, resizable chunked datasets, N + 1 observations) and data/metadata.json (serialized spaces, counts,
    /// reference scores). Twelve episodes, so episode_10 and episode_11 come after episode_2 by number, not by name.
    /// </summary>
    private const string MinariScript = """
        import json, math, os, sys
        import h5py
        import numpy as np
        rng = np.random.default_rng(11)
        data = os.path.join(sys.argv[1], 'data')
        os.makedirs(data)
        lengths = [5, 3, 7, 2, 4, 6, 1, 3, 5, 2, 4, 3]
        episodes = []
        with h5py.File(os.path.join(data, 'main_data.hdf5'), 'w', track_order=True) as f:
            for i, n in enumerate(lengths):
                g = f.create_group(f'episode_{i}')
                g.attrs['id'] = i
                g.attrs['total_steps'] = n
                g.attrs['seed'] = 100 + i
                obs = rng.normal(size=(n + 1, 2))
                act = rng.integers(0, 2, size=n)
                rew = rng.normal(size=n)
                term = np.zeros(n, dtype=bool)
                trunc = np.zeros(n, dtype=bool)
                (term if i % 3 else trunc)[-1] = True
                for key, value in [('observations', obs), ('actions', act), ('rewards', rew), ('terminations', term), ('truncations', trunc)]:
                    g.create_dataset(key, data=value, chunks=True, maxshape=(None,) + value.shape[1:])
                g.create_dataset('infos', data=['{}'] * n, dtype=h5py.string_dtype())
                episodes.append({'observations': obs.tolist(), 'actions': act.tolist(), 'rewards': rew.tolist(),
                                 'terminations': term.tolist(), 'truncations': trunc.tolist()})
        box = {'type': 'Box', 'dtype': 'float64', 'shape': [2], 'low': [-math.inf] * 2, 'high': [math.inf] * 2}
        meta = {'total_episodes': len(lengths), 'total_steps': sum(lengths), 'data_format': 'hdf5', 'dataset_id': 'toy/test-v0',
                'observation_space': json.dumps(box), 'action_space': json.dumps({'type': 'Discrete', 'dtype': 'int64', 'start': 0, 'n': 3}),
                'ref_min_score': -12.5, 'ref_max_score': 87.25}
        json.dump(meta, open(os.path.join(data, 'metadata.json'), 'w'))
        json.dump(episodes, open(sys.argv[2], 'w'))
        """;

    /// <summary>
    /// d3rlpy 2's <c>ReplayBuffer.dump</c> layout, made with the same h5py calls its <c>dataset/io.py</c> makes: the column
    /// names, <c>num_episodes</c>, per episode <c>{key}_{i}</c> datasets (N observations, N actions, N × 1 rewards and a
    /// scalar <c>terminated</c>) and the format version. Five episodes, the second and the last cut by a time limit;
    /// argv[3] = "discrete" writes integer actions of shape (N, 1).
    /// </summary>
    private const string D3rlpyScript = """
        import json, sys
        import h5py
        import numpy as np
        rng = np.random.default_rng(5)
        discrete = sys.argv[3] == 'discrete'
        lengths = [4, 6, 1, 3, 5]
        episodes = []
        for i, n in enumerate(lengths):
            act = rng.integers(0, 3, size=(n, 1)).astype(np.int32) if discrete else rng.uniform(-1, 1, size=(n, 2)).astype(np.float32)
            episodes.append({'observations': rng.normal(size=(n, 3)).astype(np.float32), 'actions': act,
                             'rewards': rng.normal(size=(n, 1)).astype(np.float32), 'terminated': i not in (1, 4)})
        with h5py.File(sys.argv[1], 'w') as h5:
            keys = list(episodes[0].keys())
            h5.create_dataset('columns', data=keys)
            h5.create_dataset('num_episodes', data=len(episodes))
            for i, episode in enumerate(episodes):
                for key in keys:
                    h5.create_dataset(f'{key}_{i}', data=episode[key])
            h5.create_dataset('version', data='2.1')
        json.dump([{k: (v.tolist() if hasattr(v, 'tolist') else v) for k, v in e.items()} for e in episodes], open(sys.argv[2], 'w'))
        """;

    /// <summary>
    /// d3rlpy 1's <c>MDPDataset.dump</c>, made with the h5py calls its dataset.pyx makes (v1.1.1: <c>version</c> "1.0";
    /// v1.0.0 and earlier: <c>create_mask</c> and <c>mask_size</c> instead) and the dtypes its constructor casts to. Four
    /// episodes of 4, 3, 5 and 2 rows — the first and third terminal, the others ended by episode_terminals alone — then two
    /// rows no episode_terminals flag closes. argv[3] = "discrete" writes int32 actions of shape (N,); argv[4] "1.1" or "1.0".
    /// </summary>
    private const string D3rlpy1Script = """
        import json, sys
        import h5py
        import numpy as np
        rng = np.random.default_rng(9)
        discrete = sys.argv[3] == 'discrete'
        n = 16
        obs = rng.normal(size=(n, 3)).astype(np.float32)
        act = rng.integers(0, 4, size=n).astype(np.int32) if discrete else rng.uniform(-1, 1, size=(n, 2)).astype(np.float32)
        rew = rng.normal(size=n).astype(np.float32)
        term = np.zeros(n, dtype=np.float32)
        ends = np.zeros(n, dtype=np.float32)
        ends[[3, 6, 11, 13]] = 1.0
        term[[3, 11]] = 1.0
        with h5py.File(sys.argv[1], 'w') as f:
            f.create_dataset('observations', data=obs)
            f.create_dataset('actions', data=act)
            f.create_dataset('rewards', data=rew)
            f.create_dataset('terminals', data=term)
            f.create_dataset('episode_terminals', data=ends)
            f.create_dataset('discrete_action', data=discrete)
            if sys.argv[4] == '1.1':
                f.create_dataset('version', data='1.0')
            else:
                f.create_dataset('create_mask', data=False)
                f.create_dataset('mask_size', data=1)
        json.dump({'observations': obs.tolist(), 'actions': act.tolist(), 'rewards': rew.tolist()}, open(sys.argv[2], 'w'))
        """;

    /// <summary>Reads a file back with h5py and dumps every dataset's dtype, shape and values.</summary>
    private const string DumpScript = """
        import json, sys
        import h5py
        with h5py.File(sys.argv[1], 'r') as f:
            json.dump({k: {'dtype': str(f[k].dtype), 'shape': list(f[k].shape), 'values': f[k][()].tolist()} for k in f}, open(sys.argv[2], 'w'))
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"offlinerl-hdf5-{Guid.NewGuid():N}");

    public Hdf5LoaderTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name) => Path.Combine(_dir, name);

    [Fact]
    public void D4rl_layout_written_by_h5py_loads_every_value_and_episode_end()
    {
        Run(D4rlScript, _dir, File("d4rl.hdf5"), File("d4rl.json"));
        var expected = Json(File("d4rl.json"));

        var data = Hdf5DatasetLoader.Load(File("d4rl.hdf5"));

        Assert.Equal(57, data.Count);
        Assert.Equal([0, 10, 25, 41, 57], data.EpisodeOffsets.ToArray());
        Assert.Equal(Flags(expected.GetProperty("terminals")), data.IsTerminal.ToArray());
        Assert.Equal(Flags(expected.GetProperty("timeouts")), data.IsTruncated.ToArray());
        Assert.Equal([false, true, false, true], data.Episodes.Select(e => !e.EndsTerminal).ToArray());
        Assert.Equal(3, data.ObservationDimension);
        Assert.Equal(Floats(expected.GetProperty("observations")), data.Observations.ToArray());
        Assert.Equal(Floats(expected.GetProperty("next_observations")), data.NextObservations.ToArray());
        Assert.Equal(ActionKind.Continuous, data.ActionSpace.Kind);
        Assert.Equal(2, data.ActionSpace.Dimension);
        Assert.Equal(Floats(expected.GetProperty("actions")), data.ContinuousActions.ToArray());
        Assert.Equal(Floats(expected.GetProperty("rewards")), data.Rewards.ToArray());
        Assert.Contains(data.Notes, n => n.Contains("Entries not read", StringComparison.Ordinal) && n.Contains("infos, metadata", StringComparison.Ordinal));
    }

    [Fact]
    public void Minari_folder_written_by_h5py_loads_every_value_episode_and_the_metadata()
    {
        Run(MinariScript, _dir, File("toy-v0"), File("minari.json"));
        var episodes = Json(File("minari.json")).EnumerateArray().ToArray();

        var data = new MLContext(0).OfflineRL().Data.Load(File("toy-v0"));

        Assert.Equal(12, data.EpisodeCount);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i).ToArray(), data.EpisodeIds.ToArray());
        Assert.Equal(ActionSpace.Discrete(3), data.ActionSpace);
        Assert.Equal(2, data.ObservationDimension);
        Assert.True(data.HasNextObservations);
        for (var e = 0; e < episodes.Length; e++)
        {
            var written = episodes[e];
            var episode = data.GetEpisode(e);
            var n = written.GetProperty("rewards").GetArrayLength();
            Assert.Equal(n, episode.Length);
            var obs = Floats(written.GetProperty("observations"));
            Assert.Equal(obs[..(n * 2)], data.Observations.Slice(episode.Start * 2, n * 2).ToArray());
            Assert.Equal(obs[2..], data.NextObservations.Slice(episode.Start * 2, n * 2).ToArray());
            Assert.Equal(Longs(written.GetProperty("actions")).Select(a => (int)a).ToArray(), data.DiscreteActions.Slice(episode.Start, n).ToArray());
            Assert.Equal(Floats(written.GetProperty("rewards")), data.Rewards.Slice(episode.Start, n).ToArray());
            Assert.Equal(Flags(written.GetProperty("terminations")), data.IsTerminal.Slice(episode.Start, n).ToArray());
            Assert.Equal(Flags(written.GetProperty("truncations")), data.IsTruncated.Slice(episode.Start, n).ToArray());
            Assert.Equal(e % 3 != 0, episode.EndsTerminal);
        }

        Assert.Contains(data.Notes, n => n.Contains("ref_min_score = -12.5", StringComparison.Ordinal) && n.Contains("ref_max_score = 87.25", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("continuous")]
    [InlineData("discrete")]
    public void D3rlpy_layout_written_by_h5py_loads_every_value_and_episode_end(string kind)
    {
        Run(D3rlpyScript, _dir, File("d3rlpy.h5"), File("d3rlpy.json"), kind);
        var episodes = Json(File("d3rlpy.json")).EnumerateArray().ToArray();

        var data = new MLContext(0).OfflineRL().Data.Load(File("d3rlpy.h5"));

        Assert.Equal([0, 4, 10, 11, 14, 19], data.EpisodeOffsets.ToArray());
        Assert.False(data.HasNextObservations);
        Assert.Equal([true, false, true, true, false], data.Episodes.Select(e => e.EndsTerminal).ToArray());
        Assert.Equal(kind == "discrete" ? ActionKind.Discrete : ActionKind.Continuous, data.ActionSpace.Kind);
        for (var e = 0; e < episodes.Length; e++)
        {
            var written = episodes[e];
            var episode = data.GetEpisode(e);
            var n = written.GetProperty("rewards").GetArrayLength();
            Assert.Equal(n, episode.Length);
            Assert.Equal(Floats(written.GetProperty("observations")), data.Observations.Slice(episode.Start * 3, n * 3).ToArray());
            Assert.Equal(Floats(written.GetProperty("rewards")), data.Rewards.Slice(episode.Start, n).ToArray());
            if (kind == "discrete")
            {
                Assert.Equal(Longs(written.GetProperty("actions")).Select(a => (int)a).ToArray(), data.DiscreteActions.Slice(episode.Start, n).ToArray());
            }
            else
            {
                Assert.Equal(Floats(written.GetProperty("actions")), data.ContinuousActions.Slice(episode.Start * 2, n * 2).ToArray());
            }

            var terminated = written.GetProperty("terminated").GetBoolean();
            Assert.Equal(terminated, data.IsTerminal[episode.End - 1]);
            Assert.Equal(!terminated, data.IsTruncated[episode.End - 1]);
        }

        Assert.Contains(data.Notes, n => n.Contains("d3rlpy dataset, format version 2.1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("continuous")]
    [InlineData("discrete")]
    public void D3rlpy1_dump_loads_episodes_by_episode_terminals_and_terminal_by_terminals(string kind)
    {
        Run(D3rlpy1Script, _dir, File("d3rlpy1.h5"), File("d3rlpy1.json"), kind, "1.1");
        var written = Json(File("d3rlpy1.json"));
        var obs = Floats(written.GetProperty("observations"));
        var rewards = Floats(written.GetProperty("rewards"));

        var data = new MLContext(0).OfflineRL().Data.Load(File("d3rlpy1.h5"));

        // Rows 14 and 15 follow the last episode_terminals flag: in no episode, as in d3rlpy.
        Assert.Equal([0, 4, 7, 12, 14], data.EpisodeOffsets.ToArray());
        Assert.Equal([true, false, true, false], data.Episodes.Select(e => e.EndsTerminal).ToArray());
        Assert.Equal([false, false, false, false, false, false, true, false, false, false, false, false, false, true], data.IsTruncated.ToArray());
        Assert.False(data.HasNextObservations);
        Assert.Equal(obs[..(14 * 3)], data.Observations.ToArray());
        Assert.Equal(rewards[..14], data.Rewards.ToArray());
        if (kind == "discrete")
        {
            Assert.Equal(ActionKind.Discrete, data.ActionSpace.Kind);
            Assert.Equal(Longs(written.GetProperty("actions"))[..14].Select(a => (int)a).ToArray(), data.DiscreteActions.ToArray());
        }
        else
        {
            Assert.Equal(ActionKind.Continuous, data.ActionSpace.Kind);
            Assert.Equal(Floats(written.GetProperty("actions"))[..(14 * 2)], data.ContinuousActions.ToArray());
        }

        Assert.Contains(data.Notes, n => n.Contains("format version 1.0 (d3rlpy 1.1)", StringComparison.Ordinal));
        Assert.Contains(data.Notes, n => n.Contains("The last 2 rows come after the last episode_terminals flag", StringComparison.Ordinal));
    }

    [Fact]
    public void D3rlpy1_dump_without_a_version_takes_each_steps_reward_from_the_next_row()
    {
        // d3rlpy 1.0 and earlier: rewards[t] is received on reaching observation t, so an episode of N rows is N - 1 steps.
        Run(D3rlpy1Script, _dir, File("d3rlpy10.h5"), File("d3rlpy10.json"), "continuous", "1.0");
        var written = Json(File("d3rlpy10.json"));
        var obs = Floats(written.GetProperty("observations"));
        var rewards = Floats(written.GetProperty("rewards"));
        var actions = Floats(written.GetProperty("actions"));
        int[] steps = [0, 1, 2, 4, 5, 7, 8, 9, 10, 12];

        var data = Hdf5DatasetLoader.Load(File("d3rlpy10.h5"));

        Assert.Equal([0, 3, 5, 9, 10], data.EpisodeOffsets.ToArray());
        Assert.Equal([true, false, true, false], data.Episodes.Select(e => e.EndsTerminal).ToArray());
        Assert.True(data.HasNextObservations);
        Assert.Equal(steps.SelectMany(k => obs[(k * 3)..((k + 1) * 3)]).ToArray(), data.Observations.ToArray());
        Assert.Equal(steps.SelectMany(k => obs[((k + 1) * 3)..((k + 2) * 3)]).ToArray(), data.NextObservations.ToArray());
        Assert.Equal(steps.Select(k => rewards[k + 1]).ToArray(), data.Rewards.ToArray());
        Assert.Equal(steps.SelectMany(k => actions[(k * 2)..((k + 1) * 2)]).ToArray(), data.ContinuousActions.ToArray());
        Assert.Contains(data.Notes, n => n.Contains("without a version (d3rlpy 1.0 or earlier)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_d4rl_writer_is_read_by_h5py_with_d4rl_dtypes_and_back_by_the_loader()
    {
        var b = new TrajectoryDatasetBuilder("written", 2, 2);
        for (var t = 0; t < 9; t++)
        {
            b.AddStep(t < 4 ? 3 : 8, [t * 0.5f, -t], [0.1f * t, -0.2f * t], t - 0.25f, t == 3, t == 8, [t + 0.5f, 1 - t]);
        }

        var data = b.Build();
        Hdf5DatasetWriter.Write(data, File("ours.hdf5"));
        Run(DumpScript, _dir, File("ours.hdf5"), File("ours.json"));
        var read = Json(File("ours.json"));

        string Dtype(string key) => read.GetProperty(key).GetProperty("dtype").GetString()!;
        int[] Shape(string key) => [.. read.GetProperty(key).GetProperty("shape").EnumerateArray().Select(e => e.GetInt32())];
        JsonElement Values(string key) => read.GetProperty(key).GetProperty("values");
        Assert.Equal("float32", Dtype("observations"));
        Assert.Equal([9, 2], Shape("observations"));
        Assert.Equal(data.Observations.ToArray(), Floats(Values("observations")));
        Assert.Equal([9, 2], Shape("actions"));
        Assert.Equal(data.ContinuousActions.ToArray(), Floats(Values("actions")));
        Assert.Equal(data.Rewards.ToArray(), Floats(Values("rewards")));
        Assert.Equal(data.NextObservations.ToArray(), Floats(Values("next_observations")));
        Assert.Equal(data.IsTerminal.ToArray(), Flags(Values("terminals")));
        Assert.Equal(data.IsTruncated.ToArray(), Flags(Values("timeouts")));
        Assert.Equal([3, 3, 3, 3, 8, 8, 8, 8, 8], Longs(Values("episode_ids")));

        DatasetAssert.Equal(data, Hdf5DatasetLoader.Load(File("ours.hdf5")));
    }

    [Fact]
    public void A_discrete_dataset_round_trips_with_its_action_count()
    {
        var b = new TrajectoryDatasetBuilder("discrete", 1);
        for (var t = 0; t < 5; t++)
        {
            b.AddStep(t / 3, [t], t % 2, 1f, t == 2, t == 4);
        }

        var data = b.Build(new DatasetLoadOptions { DiscreteActionCount = 4 });
        new MLContext(0).OfflineRL().Data.SaveAsHdf5(data, File("discrete.h5"));
        var back = new MLContext(0).OfflineRL().Data.Load(File("discrete.h5"));
        DatasetAssert.Equal(data, back);
        Assert.Equal(ActionSpace.Discrete(4), back.ActionSpace);
    }

    [Fact]
    public void Hdf5_content_is_recognized_whatever_the_file_is_named()
    {
        Run(D4rlScript, _dir, File("logs.bin"), File("d4rl.json"));
        var data = new MLContext(0).OfflineRL().Data.Load(File("logs.bin"));
        Assert.Equal(57, data.Count);
    }
}
