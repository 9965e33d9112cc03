using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Serving;
using OfflineRl.MLNet.Trainers;
using static OfflineRl.MLNet.Tests.BadInput.BadInputFiles;

namespace OfflineRl.MLNet.Tests.BadInput;

/// <summary>
/// One bad input: what it is, the exception the library answers with, and the words the answer must contain — what is
/// wrong and where (file, entry, column, row, field). <see cref="Run"/> makes the input in a folder of its own and acts.
/// </summary>
internal sealed record BadInputCase(string Id, string Area, string Input, Type Expected, string[] MustSay, Action<string> Run);

/// <summary>Stands for a <see cref="ModelReloadResult"/> with outcome Rejected (the host answers a bad replacement, it does not throw).</summary>
internal sealed class ReloadRejected(string message) : Exception(message);

/// <summary>The catalogue of bad input that docs/bad-input.md lists (generated from these cases by <see cref="BadInputDocTests"/>).</summary>
internal static partial class BadInputCatalogue
{
    public static IReadOnlyList<BadInputCase> Cases { get; } = [.. NpzCases(), .. Hdf5Cases(), .. ParquetCases(), .. CsvCases(), .. OptionCases(), .. OnnxCases(), .. CheckpointCases(), .. NativeModelCases(), .. HttpCases(), .. RoleCases()];

    private static BadInputCase Case(string id, string area, string input, Type expected, string[] mustSay, Action<string> run) =>
        new(id, area, input, expected, mustSay, run);

    private static Type Data => typeof(DatasetValidationException);
    private static Type Model => typeof(InvalidDataException);
    private static Type Argument => typeof(ArgumentException);
    private static Type Request => typeof(BadRequestException);
    private static Type Rejected => typeof(ReloadRejected);

    private static void LoadNpz(string path) => NpzDatasetLoader.Load(path);

    private static IEnumerable<BadInputCase> NpzCases()
    {
        const string area = "NPY / NPZ data";
        yield return Case("npz-not-zip", area, "a text file named bad.npz", Data, ["bad.npz", "not a valid .npz archive"],
            d => LoadNpz(Csv(Path.Combine(d, "bad.npz"), "hello")));
        yield return Case("npz-empty", area, "an empty bad.npz", Data, ["bad.npz", "not a valid .npz archive"],
            d => LoadNpz(Csv(Path.Combine(d, "bad.npz"), "")));
        yield return Case("npz-truncated-zip", area, "the first half of a valid .npz", Data, ["bad.npz", "not a valid .npz archive"], d =>
        {
            var good = Npz(Path.Combine(d, "good.npz"), D4rl());
            var bytes = File.ReadAllBytes(good);
            File.WriteAllBytes(Path.Combine(d, "bad.npz"), bytes[..(bytes.Length / 2)]);
            LoadNpz(Path.Combine(d, "bad.npz"));
        });
        yield return Case("npz-unknown-layout", area, "an archive whose only array is 'x'", Data, ["bad.npz", "unknown layout", "[x]", "D4RL layout"],
            d => LoadNpz(Npz(Path.Combine(d, "bad.npz"), new Dictionary<string, byte[]> { ["x"] = Npy(NpyArray.Create("x", new float[] { 1 }, 1)) })));
        yield return Case("npz-missing-array", area, "D4RL layout without rewards.npy", Data, ["bad.npz", "missing array 'rewards'"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "rewards", null)));
        yield return Case("npy-bad-magic", area, "observations.npy not starting with \\x93NUMPY", Data, ["array 'observations'", "bad magic bytes"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "observations", Encoding.ASCII.GetBytes("NOTNUMPY-----------"))));
        yield return Case("npy-short", area, "observations.npy of 4 bytes", Data, ["array 'observations'", "shorter than its 10-byte prefix"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "observations", [0x93, (byte)'N', (byte)'U', (byte)'M'])));
        yield return Case("npy-version", area, "observations.npy of format version 4", Data, ["array 'observations'", "format version 4 is not supported"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "observations", Npy(Header("<f4", "(4, 2)"), 32, version: 4))));
        yield return Case("npy-header-length", area, "a version-2 header claiming 2³⁰ bytes", Data, ["array 'observations'", "header length 1073741824 is implausible"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "observations", Npy(Header("<f4", "(4, 2)"), 32, version: 2, headerLength: 1 << 30))));
        yield return Case("npy-header-truncated", area, "a header claiming 60,000 bytes in a 200-byte entry", Data, ["array 'observations'", "header is truncated", "claims 60000 bytes"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "observations", Npy(Header("<f4", "(4, 2)"), 32, headerLength: 60000))));
        yield return Case("npy-no-descr", area, "a header without 'descr'", Data, ["array 'observations'", "has no 'descr'"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "observations", Npy("{'fortran_order': False, 'shape': (4, 2), }", 32))));
        yield return Case("npy-no-shape", area, "a header without 'shape'", Data, ["array 'observations'", "has no shape"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "observations", Npy("{'descr': '<f4', 'fortran_order': False, }", 32))));
        yield return Case("npy-fortran", area, "a Fortran-ordered array", Data, ["array 'observations'", "Fortran-ordered arrays are not supported"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "observations", Npy(Header("<f4", "(4, 2)", "True"), 32))));
        yield return Case("npy-big-endian", area, "big-endian float32 ('>f4')", Data, ["array 'observations'", "dtype '>f4' is not supported"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "observations", Npy(Header(">f4", "(4, 2)"), 32))));
        yield return Case("npy-object", area, "an object array ('|O')", Data, ["array 'observations'", "dtype '|O' is not supported"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "observations", Npy(Header("|O", "(4, 2)"), 32))));
        yield return Case("npy-negative-dim", area, "shape (-3, 4)", Data, ["array 'observations'", "dimension '-3' is not a whole number"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "observations", Npy(Header("<f4", "(-3, 4)"), 32))));
        yield return Case("npy-huge-claim", area, "a 1 KB observations.npy whose header claims (500000000, 4) float32", Data,
            ["array 'observations'", "truncated", "header promises 2000000000 values", "8000000000 bytes"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "observations", Npy(Header("<f4", "(500000000, 4)"), 1024))));
        yield return Case("npy-beyond-array", area, "shape (600000000, 4): more values than a .NET array holds", Data, ["array 'observations'", "no array here can hold"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "observations", Npy(Header("<f4", "(600000000, 4)"), 64))));
        yield return Case("npy-short-data", area, "shape (4, 2) float32 with 20 of its 32 bytes", Data, ["array 'observations'", "needs 32 bytes but 20 follow"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "observations", Npy(Header("<f4", "(4, 2)"), 20))));
        yield return Case("npz-rows-differ", area, "actions.npy with 3 rows beside 4 observations", Data, ["array 'actions' has 3 rows but 'observations' has 4"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "actions", Npy(NpyArray.Create("actions", new long[] { 0, 1, 0 }, 3)))));
        yield return Case("npz-3d", area, "observations of shape (4, 1, 2)", Data, ["array 'observations' has 3 dimensions"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "observations", Npy(NpyArray.Create("observations", new float[8], 4, 1, 2)))));
        yield return Case("npz-nan-reward", area, "a NaN in rewards.npy", Data, ["bad.npz", "episode 0, step 2", "rewards is NaN"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "rewards", Npy(NpyArray.Create("rewards", new[] { 1f, 1f, float.NaN, 1f }, 4)))));
        yield return Case("npz-infinite-obs", area, "+∞ in observations.npy", Data, ["bad.npz", "episode 0, step 1", "observations[1] is Infinity"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "observations", Npy(NpyArray.Create("observations", new float[] { 0, 1, 2, float.PositiveInfinity, 4, 5, 6, 7 }, 4, 2)))));
        yield return Case("npz-flag-2", area, "terminals.npy holding the number 2", Data, ["terminals", "row 1", "flag value 2 is neither 0 nor 1"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "terminals", Npy(NpyArray.Create("terminals", new float[] { 0, 2, 0, 1 }, 4)))));
        yield return Case("npz-episode-ids-float", area, "episode_ids.npy of float32", Data, ["episode_ids", "expected integers but the array holds <f4 values"], d =>
        {
            var arrays = D4rl();
            arrays["episode_ids"] = Npy(NpyArray.Create("episode_ids", new float[] { 0, 0, 0, 0 }, 4));
            LoadNpz(Npz(Path.Combine(d, "bad.npz"), arrays));
        });
        yield return Case("npz-bool-observations", area, "observations.npy of bools", Data, ["observations", "expected numbers but the array holds |b1 values"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "observations", Npy(NpyArray.Create("observations", new bool[8], 4, 2)))));
        yield return Case("npz-action-count-empty", area, "an empty action_count.npy", Data, ["array 'action_count'", "holds 0 values; it must hold one integer"], d =>
        {
            var arrays = D4rl();
            arrays["action_count"] = Npy(NpyArray.Create("action_count", Array.Empty<long>(), 0));
            LoadNpz(Npz(Path.Combine(d, "bad.npz"), arrays));
        });
        yield return Case("npz-action-outside-count", area, "action 5 where action_count says 2", Data, ["bad.npz", "episode 0, step 1", "actions[0] is 5, outside [0, 1]"], d =>
        {
            var arrays = D4rl();
            arrays["actions"] = Npy(NpyArray.Create("actions", new long[] { 0, 5, 0, 1 }, 4));
            arrays["action_count"] = Npy(NpyArray.Create("action_count", new long[] { 2 }, 1));
            LoadNpz(Npz(Path.Combine(d, "bad.npz"), arrays));
        });
        yield return Case("npz-no-end-flags", area, "stable-baselines layout (no end flags) without an assumption", Data, ["bad.npz", "MissingEndFlags"], d =>
            LoadNpz(Npz(Path.Combine(d, "bad.npz"), new Dictionary<string, byte[]>
            {
                ["obs"] = Npy(NpyArray.Create("obs", new float[] { 0, 1 }, 2, 1)),
                ["actions"] = Npy(NpyArray.Create("actions", new long[] { 0, 1 }, 2)),
                ["rewards"] = Npy(NpyArray.Create("rewards", new float[] { 1, 1 }, 2)),
                ["episode_starts"] = Npy(NpyArray.Create("episode_starts", new[] { true, false }, 2)),
            })));
        yield return Case("npz-both-ends", area, "terminals and timeouts both set on the last step", Data, ["bad.npz", "episode 0, step 3", "terminals and timeouts are both set"],
            d => LoadNpz(D4rlWith(Path.Combine(d, "bad.npz"), "timeouts", Npy(NpyArray.Create("timeouts", new[] { false, false, false, true }, 4)))));
        yield return Case("npz-duplicate-entry", area, "an archive holding observations.npy twice", Data, ["array 'observations'", "holds this entry twice"], d =>
        {
            var path = Path.Combine(d, "bad.npz");
            using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
            {
                foreach (var (name, bytes) in D4rl().Append(KeyValuePair.Create("observations", D4rl()["observations"])))
                {
                    using var e = zip.CreateEntry(name + ".npy").Open();
                    e.Write(bytes);
                }
            }

            LoadNpz(path);
        });
        yield return Case("npz-missing-file", area, "a path that does not exist", typeof(FileNotFoundException), ["missing.npz", "file not found"],
            d => LoadNpz(Path.Combine(d, "missing.npz")));
        yield return Case("npz-action-int-max", area, "discrete action 2147483647 and no declared count (found by fuzzing: the count overflowed)", Data,
            ["bad.npz", "episode 0, step 1", "actions[0] is 2147483647", "the action count (largest action + 1) would be 2147483648", "--action-count"], d =>
            {
                var arrays = D4rl();
                arrays["actions"] = Npy(NpyArray.Create("actions", new long[] { 0, int.MaxValue, 0, 1 }, 4));
                LoadNpz(Npz(Path.Combine(d, "bad.npz"), arrays));
            });
    }

    private static void LoadHdf5(string path) => Hdf5DatasetLoader.Load(path);

    private static IEnumerable<BadInputCase> Hdf5Cases()
    {
        const string area = "HDF5 data (D4RL and Minari layouts)";
        yield return Case("hdf5-not-hdf5", area, "a text file named bad.hdf5", Data, ["bad.hdf5", "not an HDF5 file"],
            d => LoadHdf5(Csv(Path.Combine(d, "bad.hdf5"), "hello")));
        yield return Case("hdf5-truncated", area, "the first half of a valid D4RL-layout file", Data, ["bad.hdf5", "not a readable HDF5 file"], d =>
        {
            var bytes = File.ReadAllBytes(Hdf5(Path.Combine(d, "good.hdf5"), D4rlHdf5()));
            File.WriteAllBytes(Path.Combine(d, "bad.hdf5"), bytes[..(bytes.Length / 2)]);
            LoadHdf5(Path.Combine(d, "bad.hdf5"));
        });
        yield return Case("hdf5-unknown-layout", area, "a file whose only dataset is 'x'", Data, ["bad.hdf5", "unknown layout", "[x]", "Minari's"],
            d => LoadHdf5(Hdf5(Path.Combine(d, "bad.hdf5"), new PureHDF.H5File { ["x"] = new float[] { 1 } })));
        yield return Case("hdf5-huge-claim", area, "a few-KB file (h5py, chunked, no chunk written) whose observations claim shape (500000000, 4) float32", Data,
            ["bad.hdf5", "dataset 'observations'", "claims shape (500000000, 4)", "8000000000 bytes", "refused before reading"], d =>
            {
                H5py(d, "f.create_dataset('observations', shape=(500000000, 4), dtype='f4', chunks=(1024, 4))\n" +
                        "for k in ['actions', 'rewards', 'terminals', 'timeouts']: f.create_dataset(k, data=[0, 0])");
                LoadHdf5(Path.Combine(d, "bad.hdf5"));
            });
        yield return Case("hdf5-string-observations", area, "observations stored as strings", Data,
            ["bad.hdf5", "dataset 'observations'", "HDF5 type VariableLength", "not supported"], d =>
            {
                H5py(d, "f.create_dataset('observations', data=['a', 'b'], dtype=h5py.string_dtype())\n" +
                        "for k in ['actions', 'rewards', 'terminals', 'timeouts']: f.create_dataset(k, data=[0, 0])");
                LoadHdf5(Path.Combine(d, "bad.hdf5"));
            });
        yield return Case("hdf5-rows-differ", area, "D4RL layout with 3 actions beside 4 observations", Data, ["bad.hdf5", "array 'actions' has 3 rows but 'observations' has 4"], d =>
        {
            var file = D4rlHdf5();
            file["actions"] = new long[] { 0, 1, 0 };
            LoadHdf5(Hdf5(Path.Combine(d, "bad.hdf5"), file));
        });
        yield return Case("hdf5-soft-link-cycle", area,
            "a D4RL-layout file (h5py) with soft links a → b → a (found by fuzzing: PureHDF followed a soft link to itself until the stack overflowed)", Data,
            ["bad.hdf5", "'/a' is a soft link in a cycle (/a → /b → /a)", "only hard links are read", "delete the link"], d =>
            {
                H5py(d, "for k in ['observations', 'actions', 'rewards', 'terminals', 'timeouts']: f.create_dataset(k, data=[0.5, 0.5])\n" +
                        "f['a'] = h5py.SoftLink('/b')\nf['b'] = h5py.SoftLink('/a')");
                LoadHdf5(Path.Combine(d, "bad.hdf5"));
            });
        yield return Case("hdf5-compact-layout-claim", area,
            "a fuzzed file whose rewards' compact layout claims 1 GB of data in a 16-byte message (PureHDF allocated it before reading)", Data,
            ["bad.hdf5", "object '/rewards'", "the compact data of the data layout message (version 1) claims 1048576000 bytes", "its message has only 16 bytes left"], d =>
            {
                File.Copy(Path.Combine(TestData.RepoRoot, "fuzz", "corpus", "hdf5", "crash-layout-compact.hdf5"), Path.Combine(d, "bad.hdf5"));
                LoadHdf5(Path.Combine(d, "bad.hdf5"));
            });
        yield return Case("d3rlpy-episode-claim", area, "a d3rlpy file whose num_episodes says 1000000 beside one episode", Data,
            ["bad.h5", "num_episodes is 1000000", "the file holds 6 entries"], d =>
            {
                var file = D3rlpyHdf5(4, 4);
                file["num_episodes"] = 1_000_000L;
                LoadHdf5(Hdf5(Path.Combine(d, "bad.h5"), file));
            });
        yield return Case("d3rlpy-rows-differ", area, "a d3rlpy episode with 3 actions beside 4 observations", Data,
            ["bad.h5", "episode 0: observations (4, 2), actions (3)", "d3rlpy stores N rows of each"], d =>
                LoadHdf5(Hdf5(Path.Combine(d, "bad.h5"), D3rlpyHdf5(4, 3))));
        yield return Case("d3rlpy1-image-observations", area, "a d3rlpy 1 MDPDataset.dump file (h5py) of uint8 image observations (N, C, H, W)", Data,
            ["bad.hdf5", "observations have shape (4, 1, 2, 2)", "image observations (N, C, H, W) are not read"], d =>
            {
                H5py(d, "import numpy as np\nf['observations'] = np.zeros((4, 1, 2, 2), dtype=np.uint8)\nf['actions'] = np.zeros(4, dtype=np.int32)\n" +
                        "for k in ['rewards', 'terminals', 'episode_terminals']: f[k] = np.ones(4, dtype=np.float32)\n" +
                        "f['discrete_action'] = True\nf['version'] = '1.0'");
                LoadHdf5(Path.Combine(d, "bad.hdf5"));
            });
        yield return Case("minari-n-plus-one", area, "a Minari episode with 3 observations for 3 steps", Data,
            ["main_data.hdf5", "episode_1/observations has 3 rows for 3 steps", "Minari stores N + 1 observations for N steps (4 here)"], d =>
            {
                var file = new PureHDF.H5File { ["episode_0"] = MinariEpisode(3, 4), ["episode_1"] = MinariEpisode(3, 3) };
                LoadHdf5(Hdf5(Path.Combine(d, "main_data.hdf5"), file));
            });
        yield return Case("minari-missing-dataset", area, "a Minari episode without truncations", Data, ["main_data.hdf5", "episode_0: missing 'truncations'"], d =>
        {
            var episode = MinariEpisode(2, 3);
            episode.Remove("truncations");
            LoadHdf5(Hdf5(Path.Combine(d, "main_data.hdf5"), new PureHDF.H5File { ["episode_0"] = episode }));
        });
        yield return Case("minari-total-episodes", area, "metadata.json claiming 5 episodes beside a file of 1", Data,
            ["metadata.json says total_episodes is 5 but main_data.hdf5 holds 1 episode groups"], d =>
            {
                Hdf5(Path.Combine(d, "main_data.hdf5"), new PureHDF.H5File { ["episode_0"] = MinariEpisode(2, 3) });
                File.WriteAllText(Path.Combine(d, "metadata.json"), "{\"total_episodes\": 5, \"total_steps\": 2, \"data_format\": \"hdf5\"}");
                LoadHdf5(d);
            });
        yield return Case("minari-arrow", area, "a Minari folder whose metadata.json says data_format 'arrow'", Data, ["data_format 'arrow'", "hdf5 storage (data/main_data.hdf5) and parquet storage"], d =>
        {
            Hdf5(Path.Combine(d, "main_data.hdf5"), new PureHDF.H5File { ["episode_0"] = MinariEpisode(2, 3) });
            File.WriteAllText(Path.Combine(d, "metadata.json"), "{\"data_format\": \"arrow\"}");
            LoadHdf5(d);
        });
        yield return Case("minari-not-a-dataset-folder", area, "an empty folder", Data, ["not a Minari dataset folder", "data/main_data.hdf5"],
            d => LoadHdf5(Directory.CreateDirectory(Path.Combine(d, "empty")).FullName));
    }

    private static void LoadParquet(string path) => ParquetDatasetLoader.Load(path);

    /// <summary>Writes the rows of <paramref name="select"/> with DuckDB's COPY to bad.parquet in <paramref name="dir"/> and loads it.</summary>
    private static void DuckDbParquet(string dir, string select)
    {
        var path = Path.Combine(dir, "bad.parquet");
        using (var db = new DuckDb())
        {
            db.Execute($"COPY ({select}) TO '{path}' (FORMAT parquet)");
        }

        LoadParquet(path);
    }

    private const string RllibRow = "SELECT 0::BIGINT AS eps_id, [0.5, 1.0]::FLOAT[] AS obs, 1::BIGINT AS actions, 1.0::DOUBLE AS rewards, true AS terminateds, false AS truncateds";

    private static IEnumerable<BadInputCase> ParquetCases()
    {
        const string area = "Parquet data (RLlib columns and generic rows)";
        yield return Case("parquet-not-parquet", area, "a text file named bad.parquet", Data, ["bad.parquet", "not a Parquet file"],
            d => LoadParquet(Csv(Path.Combine(d, "bad.parquet"), "hello, this is not parquet")));
        yield return Case("parquet-truncated", area, "the first half of a file DuckDB wrote", Data, ["bad.parquet", "not a complete Parquet file", "truncated"], d =>
        {
            var good = Path.Combine(d, "good.parquet");
            using (var db = new DuckDb())
            {
                db.Execute($"COPY ({RllibRow}) TO '{good}' (FORMAT parquet)");
            }

            var bytes = File.ReadAllBytes(good);
            File.WriteAllBytes(Path.Combine(d, "bad.parquet"), bytes[..(bytes.Length / 2)]);
            LoadParquet(Path.Combine(d, "bad.parquet"));
        });
        yield return Case("parquet-null-reward", area, "a NULL reward on the second row", Data, ["bad.parquet", "column 'rewards', row 2: null"],
            d => DuckDbParquet(d, $"SELECT * FROM ({RllibRow.Replace("true AS terminateds", "false AS terminateds", StringComparison.Ordinal)}) UNION ALL SELECT 0, [1, 2]::FLOAT[], 0, NULL, true, false"));
        yield return Case("parquet-ragged-list", area, "obs lists of 2 values and then 3", Data, ["bad.parquet", "column 'obs'", "a list of 3 values where the others hold"],
            d => DuckDbParquet(d, $"SELECT * FROM ({RllibRow.Replace("true AS terminateds", "false AS terminateds", StringComparison.Ordinal)}) UNION ALL SELECT 0, [1, 2, 3]::FLOAT[], 0, 1.0, true, false"));
        yield return Case("parquet-rllib-compressed-obs", area, "RLlib obs stored as compressed text (its output_compress_columns default)", Data,
            ["bad.parquet", "column 'obs' (observation) holds string", "output_compress_columns=[]"],
            d => DuckDbParquet(d, "SELECT 0::BIGINT AS eps_id, 'BCJNGGhAVAAAAAAAAAA=' AS obs, 1::BIGINT AS actions, 1.0::DOUBLE AS rewards, true AS terminateds, false AS truncateds"));
        yield return Case("parquet-missing-column", area, "generic rows without a reward column", Data,
            ["bad.parquet", "missing column 'reward' (reward)", "the table has: episode_id, obs_0, action", "--reward"],
            d => DuckDbParquet(d, "SELECT 0 AS episode_id, 1.5 AS obs_0, 1 AS action"));
        yield return Case("parquet-episodes-interleaved", area, "RLlib rows of episodes 1, 2, 1 (not sorted by eps_id)", Data, ["bad.parquet", "episode 1: its rows are not contiguous", "group each episode's steps together"],
            d => DuckDbParquet(d, "SELECT * FROM (VALUES (1, [0.0]::FLOAT[], 0, 1.0, false, false), (2, [0.0]::FLOAT[], 0, 1.0, true, false), (1, [0.5]::FLOAT[], 1, 1.0, true, false)) " +
                                  "t(eps_id, obs, actions, rewards, terminateds, truncateds)"));
    }

    private static void LoadCsv(string dir, string text, CsvColumnMapping? mapping = null) =>
        CsvDatasetLoader.Load(Csv(Path.Combine(dir, "bad.csv"), text), mapping);

    private static IEnumerable<BadInputCase> CsvCases()
    {
        const string area = "CSV data";
        yield return Case("csv-empty", area, "an empty file", Data, ["bad.csv", "the file is empty (no header row)"], d => LoadCsv(d, ""));
        yield return Case("csv-missing-reward", area, "no 'reward' column", Data, ["bad.csv", "missing column 'reward'", "the header has: episode_id"],
            d => LoadCsv(d, "episode_id,step,obs_0,action\n0,0,1,0\n"));
        yield return Case("csv-no-observations", area, "no column starting with obs_", Data, ["bad.csv", "no observation columns", "none start with 'obs_'"],
            d => LoadCsv(d, "episode_id,step,x,action,reward\n0,0,1,0,1\n"));
        yield return Case("csv-not-number", area, "'abc' in an observation column", Data, ["bad.csv", "line 3", "column 'obs_1' is 'abc', not a number"],
            d => LoadCsv(d, CsvHeader + "0,0,1,2,0,1,0,0\n0,1,1,abc,0,1,1,0\n"));
        yield return Case("csv-stray-quote", area, "a quote inside an unquoted cell (found by fuzzing: CsvHelper.BadDataException escaped)", Data,
            ["bad.csv", "line 2: a quote inside the unquoted field '2\"x'"], d => LoadCsv(d, CsvHeader + "0,0,1,2\"x,0,1,1,0\n"));
        yield return Case("csv-field-count", area, "a row with 3 fields under an 8-column header", Data, ["bad.csv", "line 2", "has 3 fields but the header has 8"],
            d => LoadCsv(d, CsvHeader + "0,0,1\n"));
        yield return Case("csv-episode-id", area, "episode id 'e1'", Data, ["bad.csv", "line 2", "column 'episode_id' is 'e1', not an integer episode id"],
            d => LoadCsv(d, CsvHeader + "e1,0,1,2,0,1,1,0\n"));
        yield return Case("csv-step", area, "step '1.5'", Data, ["bad.csv", "line 2", "column 'step' is '1.5', not an integer step"],
            d => LoadCsv(d, CsvHeader + "0,1.5,1,2,0,1,1,0\n"));
        yield return Case("csv-flag", area, "terminal 'maybe'", Data, ["bad.csv", "line 2", "column 'terminal' is 'maybe', not a flag"],
            d => LoadCsv(d, CsvHeader + "0,0,1,2,0,1,maybe,0\n"));
        yield return Case("csv-nan-reward", area, "reward NaN", Data, ["bad.csv", "episode 0, step 1", "column 'reward' is NaN"],
            d => LoadCsv(d, CsvHeader + "0,0,1,2,0,1,0,0\n0,1,1,2,0,NaN,1,0\n"));
        yield return Case("csv-infinite-obs", area, "observation Infinity", Data, ["bad.csv", "episode 0, step 0", "column 'obs_0' is Infinity"],
            d => LoadCsv(d, CsvHeader + "0,0,Infinity,2,0,1,1,0\n"));
        yield return Case("csv-no-end", area, "an episode whose last step is neither terminal nor truncated", Data, ["bad.csv", "episode 0", "neither column 'terminal' nor column 'truncated'"],
            d => LoadCsv(d, CsvHeader + "0,0,1,2,0,1,0,0\n0,1,1,2,0,1,0,0\n"));
        yield return Case("csv-both-flags", area, "terminal and truncated both set", Data, ["bad.csv", "episode 0, step 0", "column 'terminal' and column 'truncated' are both set"],
            d => LoadCsv(d, CsvHeader + "0,0,1,2,0,1,1,1\n"));
        yield return Case("csv-steps-out-of-order", area, "steps 0, 2 in one episode", Data, ["bad.csv", "episode 0, row 2", "column 'step' 2 follows step 0"],
            d => LoadCsv(d, CsvHeader + "0,0,1,2,0,1,0,0\n0,2,1,2,0,1,1,0\n"));
        yield return Case("csv-episode-split", area, "episode 0's rows interrupted by episode 1", Data, ["bad.csv", "episode 0: its rows are not contiguous"],
            d => LoadCsv(d, CsvHeader + "0,0,1,2,0,1,0,0\n1,0,1,2,0,1,1,0\n0,1,1,2,0,1,1,0\n"));
        yield return Case("csv-discrete-fraction", area, "action 0.5 with ActionKind = Discrete", Data, ["bad.csv", "episode 0, step 0", "column 'action' is 0.5, not an integer"],
            d => LoadCsv(d, CsvHeader + "0,0,1,2,0.5,1,1,0\n", new CsvColumnMapping { ActionKind = ActionKind.Discrete }));
        yield return Case("csv-next-obs-count", area, "one next_obs_ column beside two obs_ columns", Data, ["bad.csv", "1 next-observation columns but 2 observation columns"],
            d => LoadCsv(d, "episode_id,step,obs_0,obs_1,next_obs_0,action,reward,terminal\n0,0,1,2,3,0,1,1\n"));
        yield return Case("csv-named-column-missing", area, "ObservationColumns names 'speed', which the header lacks", Data, ["bad.csv", "missing column 'speed' (observation)"],
            d => LoadCsv(d, CsvHeader + "0,0,1,2,0,1,1,0\n", new CsvColumnMapping { ObservationColumns = ["speed"] }));
    }

    private static IEnumerable<BadInputCase> OptionCases()
    {
        const string area = "Options";
        var data = Dataset();
        void Bc(Action<BehaviorCloningOptions> set)
        {
            var o = new BehaviorCloningOptions { Steps = 2, BatchSize = 4, HiddenSizes = [3] };
            set(o);
            new MLContext(0).OfflineRL().Trainers.BehaviorCloning(o).Fit(data);
        }

        yield return Case("options-steps", area, "BehaviorCloningOptions.Steps = 0", Argument, ["Invalid BehaviorCloningOptions", "Steps must be ≥ 1 (got 0)"], _ => Bc(o => o.Steps = 0));
        yield return Case("options-batch", area, "BatchSize = -1", Argument, ["BatchSize must be ≥ 1 (got -1)"], _ => Bc(o => o.BatchSize = -1));
        yield return Case("options-hidden", area, "HiddenSizes = [64, 0]", Argument, ["HiddenSizes must list at least one layer width, each ≥ 1"], _ => Bc(o => o.HiddenSizes = [64, 0]));
        yield return Case("options-lr", area, "LearningRate = NaN", Argument, ["LearningRate must be a finite number > 0 (got NaN)"], _ => Bc(o => o.LearningRate = float.NaN));
        yield return Case("options-discount", area, "Discount = 1.5", Argument, ["Discount must be in [0, 1] (got 1.5)"], _ => Bc(o => o.Discount = 1.5f));
        yield return Case("options-threads", area, "Threads = 0", Argument, ["Threads must be ≥ 1 (got 0)"], _ => Bc(o => o.Run.Threads = 0));
        yield return Case("options-checkpoint-dir", area, "CheckpointEvery = 10 without CheckpointDirectory", Argument, ["CheckpointDirectory is required when CheckpointEvery > 0"],
            _ => Bc(o => o.Run.CheckpointEvery = 10));
        yield return Case("options-validation-fraction", area, "ValidationFraction = 1", Argument, ["ValidationFraction must be in [0, 1)"], _ => Bc(o => o.ValidationFraction = 1f));
        yield return Case("options-validation-none", area, "ValidationFraction = 0.2 of 2 episodes", Argument, ["a validation fraction of 0.2 of 2 episodes holds out none", "use at least 0.5"],
            _ => Bc(o => o.ValidationFraction = 0.2f));
        yield return Case("options-validation-all", area, "ValidationFraction = 0.8 of 2 episodes", Argument, ["holds out all 2, leaving no training episode", "use at most 0.5"],
            _ => Bc(o => o.ValidationFraction = 0.8f));
        yield return Case("options-eval-env", area, "EnvironmentEvaluator 'Moon-v9'", Argument, ["environment 'Moon-v9' is unknown", "CartPole-v1"],
            _ => Bc(o => { o.Run.Evaluator = new OfflineRl.MLNet.Evaluation.EnvironmentEvaluator("Moon-v9"); o.Run.EvaluateEvery = 1; }));
        yield return Case("options-expectile", area, "IqlOptions.Expectile = 1", Argument, ["Invalid IqlOptions", "Expectile"], _ =>
        {
            var o = IqlOptions();
            o.Expectile = 1f;
            new MLContext(0).OfflineRL().Trainers.Iql(o).Fit(data);
        });
        yield return Case("options-time-limit", area, "DatasetLoadOptions: TerminalUnlessTimeLimit without TimeLimit", Argument, ["Invalid dataset load options", "needs a positive TimeLimit"],
            d => NpzDatasetLoader.Load(Npz(Path.Combine(d, "good.npz"), D4rl()), new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.TerminalUnlessTimeLimit }));
        yield return Case("options-action-count", area, "DatasetLoadOptions.DiscreteActionCount = 0", Argument, ["DiscreteActionCount must be at least 1 (got 0)"],
            d => NpzDatasetLoader.Load(Npz(Path.Combine(d, "good.npz"), D4rl()), new DatasetLoadOptions { DiscreteActionCount = 0 }));
        yield return Case("options-action-bounds", area, "ActionLow without ActionHigh", Argument, ["Give both ActionLow and ActionHigh, or neither"],
            d => NpzDatasetLoader.Load(Npz(Path.Combine(d, "good.npz"), D4rl()), new DatasetLoadOptions { ActionLow = [-1f] }));
    }

    private static IEnumerable<BadInputCase> OnnxCases()
    {
        const string area = "ONNX models";
        yield return Case("onnx-missing", area, "a path that does not exist", typeof(FileNotFoundException), ["ONNX model file not found", "missing.onnx"],
            d => OnnxPolicy.Load(Path.Combine(d, "missing.onnx")).Dispose());
        yield return Case("onnx-text", area, "a text file named bad.onnx", Model, ["ONNX Runtime cannot load", "bad.onnx"],
            d => OnnxPolicy.Load(Csv(Path.Combine(d, "bad.onnx"), "not a model")).Dispose());
        yield return Case("onnx-empty", area, "an empty bad.onnx", Model, ["ONNX Runtime cannot load", "bad.onnx"],
            d => OnnxPolicy.Load(Csv(Path.Combine(d, "bad.onnx"), "")).Dispose());
        yield return Case("onnx-truncated", area, "the first 30 % of an exported policy (a cut inside the graph)", Model, ["ONNX Runtime cannot load", "bad.onnx"], d =>
        {
            var bytes = OnnxBytes(Bc);
            File.WriteAllBytes(Path.Combine(d, "bad.onnx"), bytes[..(bytes.Length * 3 / 10)]);
            OnnxPolicy.Load(Path.Combine(d, "bad.onnx")).Dispose();
        });
        yield return Case("onnx-truncated-metadata", area, "an exported policy cut between its metadata entries (ONNX Runtime loads it)", Model,
            ["bad.onnx", "metadata is incomplete", "offlinerl.options", "truncated"], d =>
            {
                // The cut falls just before the entry of the kind key: its entry tag, entry length, key tag and key length.
                var bytes = OnnxBytes(Bc);
                var cut = bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(OnnxExportNames.KindKey)) - 4;
                File.WriteAllBytes(Path.Combine(d, "bad.onnx"), bytes[..cut]);
                OnnxPolicy.Load(Path.Combine(d, "bad.onnx")).Dispose();
            });
        yield return Case("onnx-damaged-metadata", area, "the fuzzer's model with a damaged metadata entry (ONNX Runtime's wrapper threw NullReferenceException)", Model,
            ["bad.onnx", "cannot read the model's metadata"], d =>
            {
                File.Copy(Path.Combine(TestData.RepoRoot, "fuzz", "corpus", "onnx", "crash-metadata-null.onnx"), Path.Combine(d, "bad.onnx"));
                OnnxPolicy.Load(Path.Combine(d, "bad.onnx")).Dispose();
            });
        yield return Case("onnx-no-action-output", area, "a model whose output is renamed from PredictedAction", Model, ["bad.onnx", "is not a policy model", "no output named 'PredictedAction'"], d =>
        {
            File.WriteAllBytes(Path.Combine(d, "bad.onnx"), Replace(OnnxBytes(Bc), OnnxExportNames.PredictedAction, "PredictedActioX"));
            OnnxPolicy.Load(Path.Combine(d, "bad.onnx")).Dispose();
        });
        yield return Case("onnx-input-renamed", area, "a hot reload to a model whose input is not named Observation", Rejected,
            ["model file 'new.onnx' rejected", "its input is named 'Observatioz'", "the contract names it 'Observation'", "Still serving version 1 ('current.onnx')"],
            d => Reload(d, Replace(OnnxBytes(Bc), OnnxExportNames.Observation, "Observatioz")));
        yield return Case("onnx-swap-width", area, "a hot reload from a 2-observation model to a 3-observation one", Rejected,
            ["model file 'new.onnx' rejected", "takes 3 observation values", "the serving model takes 2", "clients would break"], d =>
            {
                var wider = new TrajectoryDatasetBuilder("wide", 3);
                for (var t = 0; t < 4; t++)
                {
                    wider.AddStep(0, [t, 1, 2], t % 2, 1, t == 3, false);
                }

                var model = new MLContext(0).OfflineRL().Trainers.BehaviorCloning(new BehaviorCloningOptions { Steps = 1, BatchSize = 2, HiddenSizes = [2] })
                    .Fit(wider.Build(new DatasetLoadOptions { DiscreteActionCount = 2 })).Model;
                Reload(d, OnnxBytes(model));
            });
        yield return Case("onnx-reload-garbage", area, "a hot reload to a file of text", Rejected,
            ["model file 'new.onnx' rejected", "ONNX Runtime cannot load 'new.onnx'", "Still serving version 1"], d => Reload(d, "not a model"u8.ToArray()));
    }

    /// <summary>The serving host's answer to replacing current.onnx (the BC model) by <paramref name="replacement"/>, as its log and /admin/reload give it.</summary>
    private static void Reload(string dir, byte[] replacement)
    {
        var current = Path.Combine(dir, "current.onnx");
        var next = Path.Combine(dir, "new.onnx");
        File.WriteAllBytes(current, OnnxBytes(Bc));
        File.WriteAllBytes(next, replacement);
        using var services = new ServiceCollection().AddLogging()
            .AddOfflineRlPolicy(o => o.ModelPath = current).BuildServiceProvider();
        var host = services.GetRequiredService<PolicyModelHost>();
        Assert.True(host.ReloadAsync(current).GetAwaiter().GetResult().Replaced);
        var result = host.ReloadAsync(next).GetAwaiter().GetResult();
        Assert.Equal(1, host.ModelVersion);
        if (result.Outcome == ModelReloadOutcome.Rejected)
        {
            throw new ReloadRejected(result.Message);
        }
    }

    private static string Checkpoint(string dir, Action<IqlOptions>? set = null)
    {
        var o = IqlOptions();
        o.Steps = 1;
        o.Run.CheckpointEvery = 1;
        o.Run.CheckpointDirectory = Path.Combine(dir, "checkpoints");
        set?.Invoke(o);
        new MLContext(0).OfflineRL().Trainers.Iql(o).Fit(Dataset());
        return Path.Combine(o.Run.CheckpointDirectory, "checkpoint-00000001.bin");
    }

    private static void Resume(string checkpoint, IDataView? data = null)
    {
        var o = IqlOptions();
        o.Run.ResumeFrom = checkpoint;
        new MLContext(0).OfflineRL().Trainers.Iql(o).Fit(data ?? Dataset());
    }

    private static IEnumerable<BadInputCase> CheckpointCases()
    {
        const string area = "Checkpoints";
        yield return Case("checkpoint-missing", area, "--resume of a path that does not exist", typeof(FileNotFoundException), ["missing.bin", "checkpoint not found"],
            d => Resume(Path.Combine(d, "missing.bin")));
        yield return Case("checkpoint-garbage", area, "a text file as the checkpoint", Model, ["bad.bin", "not an OfflineRl.MLNet checkpoint of version 1"],
            d => Resume(Csv(Path.Combine(d, "bad.bin"), "definitely not a checkpoint")));
        yield return Case("checkpoint-empty", area, "an empty checkpoint file", Model, ["bad.bin", "the checkpoint is truncated"],
            d => Resume(Csv(Path.Combine(d, "bad.bin"), "")));
        yield return Case("checkpoint-truncated", area, "a checkpoint cut in half", Model, ["bad.bin", "the checkpoint is truncated"], d =>
        {
            var bytes = File.ReadAllBytes(Checkpoint(d));
            File.WriteAllBytes(Path.Combine(d, "bad.bin"), bytes[..(bytes.Length / 2)]);
            Resume(Path.Combine(d, "bad.bin"));
        });
        yield return Case("checkpoint-other-algorithm", area, "a BC checkpoint resumed by IQL", Model, ["checkpoint-00000001.bin", "a checkpoint of BehaviorCloning, not of Iql"], d =>
        {
            var o = new BehaviorCloningOptions { Steps = 1, BatchSize = 4, HiddenSizes = [3], Run = { CheckpointEvery = 1, CheckpointDirectory = Path.Combine(d, "checkpoints") } };
            new MLContext(0).OfflineRL().Trainers.BehaviorCloning(o).Fit(Dataset());
            Resume(Path.Combine(d, "checkpoints", "checkpoint-00000001.bin"));
        });
        yield return Case("checkpoint-other-data", area, "a checkpoint resumed on other data", Model, ["checkpoint-00000001.bin", "written for other training data"], d =>
        {
            var path = Checkpoint(d);
            var other = new TrajectoryDatasetBuilder("other", 2);
            for (var t = 0; t < 4; t++)
            {
                other.AddStep(0, [t, -t], t % 2, 2, t == 3, false);
            }

            Resume(path, other.Build(new DatasetLoadOptions { DiscreteActionCount = 2 }));
        });
        yield return Case("checkpoint-other-options", area, "a checkpoint of hidden sizes [5] resumed with [3]", Model, ["checkpoint-00000001.bin", "where", "are expected; it was written with other options"],
            d => Resume(Checkpoint(d, o => o.HiddenSizes = [5])));
        yield return Case("checkpoint-huge-name", area, "a checkpoint whose first string claims 2 GB", Model, ["bad.bin", "not an OfflineRl.MLNet checkpoint"],
            d =>
            {
                File.WriteAllBytes(Path.Combine(d, "bad.bin"), [0xFF, 0xFF, 0xFF, 0xFF, 0x07, 1, 2, 3]);
                Resume(Path.Combine(d, "bad.bin"));
            });
    }

    private static IEnumerable<BadInputCase> NativeModelCases()
    {
        const string area = "Native model files";
        void ReadPolicy(string d, byte[] bytes) => PolicySerializer.Load(WriteBytes(Path.Combine(d, "policy.bin"), bytes));
        yield return Case("policy-magic", area, "policy.bin not starting with ORLPOLCY", Model, ["policy.bin", "not an OfflineRl policy file (bad magic bytes)"],
            d => ReadPolicy(d, Encoding.ASCII.GetBytes("NOTAPOLICY-AT-ALL")));
        yield return Case("policy-version", area, "policy.bin of format version 7", Model, ["policy.bin", "policy format version 7 is not supported"], d =>
        {
            var bytes = PolicyBytes(Bc);
            BitConverter.GetBytes(7).CopyTo(bytes, 8);
            ReadPolicy(d, bytes);
        });
        yield return Case("policy-header-length", area, "a header length beyond the file", Model, ["policy.bin", "header length 1000000 is invalid"], d =>
        {
            var bytes = PolicyBytes(Bc);
            BitConverter.GetBytes(1_000_000).CopyTo(bytes, 12);
            ReadPolicy(d, bytes);
        });
        yield return Case("policy-header-json", area, "a header that is not JSON", Model, ["policy.bin", "the header is not valid JSON"],
            d => ReadPolicy(d, PolicyWithHeader(Bc, h => "{" + h[5..])));
        yield return Case("policy-truncated", area, "policy.bin without its last 10 bytes", Model, ["policy.bin", "the file ends inside the weights"], d =>
        {
            var bytes = PolicyBytes(Bc);
            ReadPolicy(d, bytes[..^10]);
        });
        yield return Case("policy-huge-shape", area, "a header claiming hidden sizes [100000, 100000]", Model, ["policy.bin", "declares", "parameters but its shape needs"],
            d => ReadPolicy(d, PolicyWithHeader(Bc, h => h.Replace("\"HiddenSizes\":[3]", "\"HiddenSizes\":[100000,100000]", StringComparison.Ordinal))));
        yield return Case("policy-kind", area, "a header of kind 'Tree'", Model, ["policy.bin", "unknown policy kind 'Tree'"],
            d => ReadPolicy(d, PolicyWithHeader(Bc, h => h.Replace("\"Kind\":\"Categorical\"", "\"Kind\":\"Tree\"", StringComparison.Ordinal))));
        yield return Case("policy-zero-dim", area, "a header with ObservationDimension 0", Model, ["policy.bin", "observation dimension 0", "must all be at least 1"],
            d => ReadPolicy(d, PolicyWithHeader(Bc, h => h.Replace("\"ObservationDimension\":2", "\"ObservationDimension\":0", StringComparison.Ordinal))));
        yield return Case("model-folder", area, "evaluate --policy of a folder without model.json", typeof(DirectoryNotFoundException), ["not a trained model folder", "model.json"],
            d => PolicyModel.Load(d));
        yield return Case("model-json-invalid", area, "model.json that is not JSON", Model, ["model.json", "not valid JSON"], d =>
        {
            Bc.Save(d);
            File.WriteAllText(Path.Combine(d, PolicyModel.ModelFileName), "{ not json");
            PolicyModel.Load(d);
        });
        yield return Case("model-json-field", area, "model.json without 'algorithm'", Model, ["model.json", "field 'algorithm' must be"], d =>
        {
            Bc.Save(d);
            var path = Path.Combine(d, PolicyModel.ModelFileName);
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"algorithm\"", "\"algorithmus\"", StringComparison.Ordinal));
            PolicyModel.Load(d);
        });
        yield return Case("model-json-type", area, "model.json with \"steps\": \"many\"", Model, ["model.json", "field 'steps' must be the number of steps"], d =>
        {
            Bc.Save(d);
            var path = Path.Combine(d, PolicyModel.ModelFileName);
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
            json["steps"] = "many";
            File.WriteAllText(path, json.ToJsonString());
            PolicyModel.Load(d);
        });
        yield return Case("model-json-utf8", area, "model.json whose dataHash string holds the byte 0xAA (found by fuzzing: InvalidOperationException escaped)", Model,
            ["model.json", "a value is not valid UTF-8 text"], d =>
            {
                Bc.Save(d);
                var path = Path.Combine(d, PolicyModel.ModelFileName);
                var bytes = File.ReadAllBytes(path);
                var text = Encoding.UTF8.GetString(bytes);
                var at = text.IndexOf('"', text.IndexOf(':', text.IndexOf("\"dataHash\"", StringComparison.Ordinal))) + 1;
                bytes[at] = 0xAA;
                File.WriteAllBytes(path, bytes);
                PolicyModel.Load(d);
            });
        yield return Case("values-truncated", area, "values.bin cut in half", Model, ["values.bin", "value network 'q1'", "parameters", "bytes are left"], d =>
        {
            Iql.Save(d);
            var path = Path.Combine(d, PolicyModel.ValuesFileName);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
            PolicyModel.Load(d);
        });
        yield return Case("values-count", area, "values.bin claiming 1,000,000 networks", Model, ["values.bin", "claims 1000000 value networks"], d =>
        {
            Iql.Save(d);
            var path = Path.Combine(d, PolicyModel.ValuesFileName);
            var bytes = File.ReadAllBytes(path);
            BitConverter.GetBytes(1_000_000).CopyTo(bytes, 0);
            File.WriteAllBytes(path, bytes);
            PolicyModel.Load(d);
        });
    }

    private static string WriteBytes(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void Act(string body) => ActRequestParser.Parse(Encoding.UTF8.GetBytes(body), width: 4, maxRows: 16);

    private static IEnumerable<BadInputCase> HttpCases()
    {
        const string area = "HTTP /act bodies (model of 4 inputs, at most 16 rows)";
        yield return Case("act-empty", area, "an empty body", Request, ["The body is empty"], _ => Act(""));
        yield return Case("act-not-json", area, "{observation:[1,2,3,4]}", Request, ["The body is not valid JSON", "LineNumber: 0 | BytePositionInLine: 1"], _ => Act("{observation:[1,2,3,4]}"));
        yield return Case("act-array-root", area, "[1,2,3,4]", Request, ["must be a JSON object with \"observation\" or \"observations\""], _ => Act("[1,2,3,4]"));
        yield return Case("act-both", area, "both observation and observations", Request, ["exactly one of \"observation\"", "\"observations\""],
            _ => Act("{\"observation\":[1,2,3,4],\"observations\":[[1,2,3,4]]}"));
        yield return Case("act-neither", area, "{\"obs\":[1,2,3,4]}", Request, ["exactly one of \"observation\""], _ => Act("{\"obs\":[1,2,3,4]}"));
        yield return Case("act-width", area, "an observation of 3 values", Request, ["observation has 3 values; the model expects 4"], _ => Act("{\"observation\":[1,2,3]}"));
        yield return Case("act-string", area, "a string inside the observation", Request, ["observation[1] is String, not a number"], _ => Act("{\"observation\":[1,\"2\",3,4]}"));
        yield return Case("act-overflow", area, "1e39 (beyond float32)", Request, ["observation[2] = 1e39 is not a finite float32"], _ => Act("{\"observation\":[1,2,1e39,4]}"));
        yield return Case("act-not-array", area, "\"observation\": 5", Request, ["observation must be an array of 4 numbers"], _ => Act("{\"observation\":5}"));
        yield return Case("act-rows-not-array", area, "\"observations\": {}", Request, ["\"observations\" must be an array of arrays"], _ => Act("{\"observations\":{}}"));
        yield return Case("act-row-width", area, "a batch whose second row has 2 values", Request, ["observations[1] has 2 values; the model expects 4"],
            _ => Act("{\"observations\":[[1,2,3,4],[1,2]]}"));
        yield return Case("act-row-value", area, "null inside a batch row", Request, ["observations[0][3] is Null, not a number"], _ => Act("{\"observations\":[[1,2,3,null]]}"));
        yield return Case("act-no-rows", area, "\"observations\": []", Request, ["\"observations\" has 0 rows; send between 1 and 16"], _ => Act("{\"observations\":[]}"));
        yield return Case("act-too-many-rows", area, "17 rows", Request, ["\"observations\" has 17 rows; send between 1 and 16"],
            _ => Act("{\"observations\":[" + string.Join(',', Enumerable.Repeat("[1,2,3,4]", 17)) + "]}"));
        yield return Case("act-deep", area, "arrays nested 20 deep", Request, ["The body is not valid JSON", "maximum configured depth of 8"],
            _ => Act("{\"observation\":" + new string('[', 20) + new string(']', 20) + "}"));
        yield return Case("act-duplicate", area, "\"observation\" written twice", Request, ["The body is not valid JSON", "Duplicate", "observation"],
            _ => Act("{\"observation\":[1,2,3,4],\"observation\":[5,6,7,8]}"));
        yield return Case("act-trailing", area, "a second JSON value after the object", Request, ["The body is not valid JSON"], _ => Act("{\"observation\":[1,2,3,4]} {}"));
    }
}
