using DuckDB.NET.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using OfflineRl.MLNet.Algorithms;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Data;
using static OfflineRl.MLNet.Tests.ExternalPython;

namespace OfflineRl.MLNet.Tests.Data;

/// <summary>
/// The same logged episodes written by each format's own writer — NumPy's savez (D4RL .npz), h5py (D4RL and Minari HDF5),
/// Python's json (RLlib SampleBatch lines), DuckDB's COPY (RLlib Parquet) — and read through a DuckDB query as an ML.NET
/// view, give one dataset: the same data hash, action space and episode ids, and the same trained weights.
/// </summary>
public sealed class CrossFormatTests : IDisposable
{
    /// <summary>Eight episodes of 3–9 steps, 3 float32 observations, 3 discrete actions, terminal or truncated ends.</summary>
    private const string WriteEverywhere = """
        import json, os, sys
        import h5py
        import numpy as np
        rng = np.random.default_rng(3)
        out = sys.argv[1]
        lengths = [3, 9, 4, 7, 5, 6, 3, 8]
        obs, nxt, act, rew, term, trunc, eps, t_ = [], [], [], [], [], [], [], []
        minari = os.path.join(out, 'minari', 'data')
        os.makedirs(minari)
        with h5py.File(os.path.join(minari, 'main_data.hdf5'), 'w', track_order=True) as m:
            for e, n in enumerate(lengths):
                o = rng.normal(size=(n + 1, 3)).astype(np.float32)
                a = rng.integers(0, 3, size=n)
                r = rng.normal(size=n).astype(np.float32)
                te = np.zeros(n, dtype=bool)
                tr = np.zeros(n, dtype=bool)
                (te if e % 3 else tr)[-1] = True
                g = m.create_group(f'episode_{e}')
                g.attrs['id'] = e
                g.attrs['total_steps'] = n
                for key, value in [('observations', o), ('actions', a), ('rewards', r), ('terminations', te), ('truncations', tr)]:
                    g.create_dataset(key, data=value, chunks=True, maxshape=(None,) + value.shape[1:])
                obs.append(o[:-1]); nxt.append(o[1:]); act.append(a); rew.append(r); term.append(te); trunc.append(tr)
                eps.append(np.full(n, e)); t_.append(np.arange(n))
        space = json.dumps({'type': 'Discrete', 'dtype': 'int64', 'start': 0, 'n': 3})
        json.dump({'total_episodes': len(lengths), 'total_steps': sum(lengths), 'data_format': 'hdf5', 'action_space': space},
                  open(os.path.join(minari, 'metadata.json'), 'w'))
        obs, nxt, act, rew, term, trunc, eps, t_ = [np.concatenate(x) for x in (obs, nxt, act, rew, term, trunc, eps, t_)]
        d4rl = dict(observations=obs, next_observations=nxt, actions=act, rewards=rew, terminals=term, timeouts=trunc)
        np.savez(os.path.join(out, 'd4rl.npz'), **d4rl)
        with h5py.File(os.path.join(out, 'd4rl.hdf5'), 'w') as f:
            for k, v in d4rl.items():
                f.create_dataset(k, data=v)
        with open(os.path.join(out, 'rllib.json'), 'w') as f:
            for lo, hi in ((0, 20), (20, len(rew))):
                batch = {'type': 'SampleBatch', 'eps_id': eps[lo:hi].tolist(), 't': t_[lo:hi].tolist(), 'obs': obs[lo:hi].tolist(),
                         'new_obs': nxt[lo:hi].tolist(), 'actions': act[lo:hi].tolist(), 'rewards': rew[lo:hi].tolist(),
                         'terminateds': term[lo:hi].tolist(), 'truncateds': trunc[lo:hi].tolist()}
                f.write(json.dumps(batch) + '\n')
        with open(os.path.join(out, 'rows.csv'), 'w') as f:
            f.write('eps_id,t,o0,o1,o2,n0,n1,n2,action,reward,terminated,truncated\n')
            for i in range(len(rew)):
                values = [eps[i], t_[i], *obs[i].tolist(), *nxt[i].tolist(), act[i], float(rew[i]), int(term[i]), int(trunc[i])]
                f.write(','.join(repr(v) if isinstance(v, float) else str(v) for v in values) + '\n')
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"offlinerl-formats-{Guid.NewGuid():N}");

    public CrossFormatTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Npz_hdf5_minari_json_lines_parquet_and_a_duckdb_query_give_one_dataset_and_one_policy()
    {
        Run(WriteEverywhere, _dir, _dir);
        var csv = File("rows.csv");
        const string rows = "SELECT eps_id::BIGINT AS eps_id, t::BIGINT AS t, [o0, o1, o2]::FLOAT[] AS obs, [n0, n1, n2]::FLOAT[] AS new_obs, " +
                            "action::BIGINT AS actions, reward::FLOAT AS rewards, terminated = 1 AS terminateds, truncated = 1 AS truncateds";
        using (var db = new DuckDb())
        {
            db.Execute($"COPY ({rows} FROM read_csv('{csv}') ORDER BY eps_id, t) TO '{File("rllib.parquet")}' (FORMAT parquet)");
        }

        var rl = new MLContext(0).OfflineRL();
        var loaded = new Dictionary<string, TrajectoryDataset>
        {
            ["npz (numpy)"] = rl.Data.Load(File("d4rl.npz"), new DatasetLoadOptions { DiscreteActionCount = 3 }),
            ["hdf5 D4RL (h5py)"] = rl.Data.Load(File("d4rl.hdf5"), new DatasetLoadOptions { DiscreteActionCount = 3 }),
            ["Minari folder (h5py)"] = rl.Data.Load(File("minari")),
            ["json lines (RLlib SampleBatch)"] = rl.Data.Load(File("rllib.json"), new DatasetLoadOptions { DiscreteActionCount = 3 }),
            ["parquet (DuckDB COPY)"] = rl.Data.Load(File("rllib.parquet"), new DatasetLoadOptions { DiscreteActionCount = 3 }),
            ["DuckDB query (ML.NET DatabaseLoader)"] = FromDuckDbQuery(csv),
        };

        var reference = loaded["npz (numpy)"];
        Assert.Equal(45, reference.Count);
        Assert.Equal(8, reference.EpisodeCount);
        var hash = DataHash.Of(reference);
        foreach (var (format, data) in loaded)
        {
            Assert.True(DataHash.Of(data) == hash, $"{format}: data hash {DataHash.Of(data)}, expected {hash}");
            Assert.Equal(reference.ActionSpace, data.ActionSpace);
            Assert.Equal(Enumerable.Range(0, 8).Select(e => (long)e).ToArray(), data.EpisodeIds.ToArray());
            DatasetAssert.Equal(reference, data);
        }

        var logProbs = new Dictionary<string, float[]>();
        foreach (var (format, data) in loaded)
        {
            var options = new BehaviorCloningOptions { Steps = 40, BatchSize = 16, HiddenSizes = [8], Seed = 3, Run = { Threads = 1 } };
            var policy = new MLContext(0).OfflineRL().Trainers.BehaviorCloning(options).Fit(data).Model.Policy;
            var values = new float[data.Count];
            for (var r = 0; r < data.Count; r++)
            {
                values[r] = policy.LogProb(data.GetObservation(r), [data.DiscreteActions[r]]);
            }

            logProbs[format] = values;
        }

        foreach (var (format, values) in logProbs)
        {
            Assert.True(values.SequenceEqual(logProbs["npz (numpy)"]), $"{format}: the trained policy differs from the one trained on the .npz");
        }
    }

    /// <summary>The rows as a DuckDB query over the CSV, through ML.NET's DatabaseLoader, into the library's reader of any view.</summary>
    private static TrajectoryDataset FromDuckDbQuery(string csv)
    {
        var ml = new MLContext(0);
        var loader = ml.Data.CreateDatabaseLoader<QueryRow>();
        var source = new DatabaseSource(DuckDBClientFactory.Instance, "DataSource=:memory:",
            "SELECT eps_id::BIGINT AS EpisodeId, t::INTEGER AS Step, o0::FLOAT AS o0, o1::FLOAT AS o1, o2::FLOAT AS o2, action::INTEGER AS Action, " +
            "reward::FLOAT AS Reward, terminated = 1 AS IsTerminal, truncated = 1 AS IsTruncated, n0::FLOAT AS n0, n1::FLOAT AS n1, n2::FLOAT AS n2 " +
            $"FROM read_csv('{csv}') ORDER BY eps_id, t");
        var view = loader.Load(source);
        return TrajectoryDataReader.Read(view, new TrajectoryColumnOptions { LoadOptions = new DatasetLoadOptions { DiscreteActionCount = 3 } }, "duckdb query");
    }

    private sealed class QueryRow
    {
        [LoadColumn(0)]
        public long EpisodeId { get; set; }

        [LoadColumn(1)]
        public int Step { get; set; }

        [LoadColumn(2, 4)]
        [VectorType(3)]
        public float[] Observation { get; set; } = [];

        [LoadColumn(5)]
        public int Action { get; set; }

        [LoadColumn(6)]
        public float Reward { get; set; }

        [LoadColumn(7)]
        public bool IsTerminal { get; set; }

        [LoadColumn(8)]
        public bool IsTruncated { get; set; }

        [LoadColumn(9, 11)]
        [VectorType(3)]
        public float[] NextObservation { get; set; } = [];
    }
}
