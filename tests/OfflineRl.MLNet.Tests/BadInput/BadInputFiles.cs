using System.IO.Compression;
using System.Text;
using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.BadInput;

/// <summary>Builders of small broken files: .npy bytes with any header, .npz archives of named entries, trained models to damage.</summary>
internal static class BadInputFiles
{
    private static readonly Lazy<(PolicyModel Bc, PolicyModel Iql)> Models = new(() =>
    {
        var ml = new MLContext(0);
        var data = Dataset();
        var bc = ml.OfflineRL().Trainers.BehaviorCloning(new BehaviorCloningOptions { Steps = 2, BatchSize = 4, HiddenSizes = [3] }).Fit(data).Model;
        var iql = ml.OfflineRL().Trainers.Iql(IqlOptions()).Fit(data).Model;
        return (bc, iql);
    });

    /// <summary>A small trained discrete BC model (2 observation values, 2 actions).</summary>
    public static PolicyModel Bc => Models.Value.Bc;

    /// <summary>A small trained IQL model (has value networks).</summary>
    public static PolicyModel Iql => Models.Value.Iql;

    /// <summary>Six steps in two episodes, 2-D observations, 2 discrete actions.</summary>
    public static TrajectoryDataset Dataset()
    {
        var b = new TrajectoryDatasetBuilder("catalogue", 2);
        for (var t = 0; t < 6; t++)
        {
            b.AddStep(t / 3, [t * 0.5f, 1 - t], t % 2, 0.25f, t == 2, t == 5);
        }

        return b.Build(new DatasetLoadOptions { DiscreteActionCount = 2 });
    }

    public static IqlOptions IqlOptions() => new() { Steps = 2, BatchSize = 4, HiddenSizes = [3] };

    /// <summary>.npy bytes: the header text as given (padded and newline-terminated), then <paramref name="payload"/> bytes.</summary>
    public static byte[] Npy(string header, int payload, byte version = 1, int headerLength = -1)
    {
        header = header.PadRight(((header.Length + 11 + 63) / 64 * 64) - 11) + "\n";
        using var s = new MemoryStream();
        s.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', version, 0]);
        var length = headerLength >= 0 ? headerLength : header.Length;
        s.Write(version == 1 ? BitConverter.GetBytes((ushort)length) : BitConverter.GetBytes(length));
        s.Write(Encoding.Latin1.GetBytes(header));
        s.Write(new byte[payload]);
        return s.ToArray();
    }

    /// <summary>.npy bytes of a well-formed array.</summary>
    public static byte[] Npy(NpyArray array)
    {
        using var s = new MemoryStream();
        array.Write(s);
        return s.ToArray();
    }

    public static string Header(string descr, string shape, string fortran = "False") =>
        $"{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape}, }}";

    /// <summary>The arrays of a valid D4RL-layout file of 4 steps in one episode (2 observation values, 2 actions).</summary>
    public static Dictionary<string, byte[]> D4rl() => new(StringComparer.Ordinal)
    {
        ["observations"] = Npy(NpyArray.Create("observations", new float[] { 0, 1, 2, 3, 4, 5, 6, 7 }, 4, 2)),
        ["actions"] = Npy(NpyArray.Create("actions", new long[] { 0, 1, 0, 1 }, 4)),
        ["rewards"] = Npy(NpyArray.Create("rewards", new float[] { 1, 1, 1, 1 }, 4)),
        ["terminals"] = Npy(NpyArray.Create("terminals", new[] { false, false, false, true }, 4)),
        ["timeouts"] = Npy(NpyArray.Create("timeouts", new[] { false, false, false, false }, 4)),
    };

    /// <summary>Writes an .npz of <paramref name="entries"/> (name without .npy → bytes) as <paramref name="path"/>.</summary>
    public static string Npz(string path, IEnumerable<KeyValuePair<string, byte[]>> entries)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            using var e = zip.CreateEntry(name.Contains('.', StringComparison.Ordinal) ? name : name + ".npy").Open();
            e.Write(bytes);
        }

        return path;
    }

    /// <summary>D4RL arrays with <paramref name="name"/> replaced by <paramref name="bytes"/> (or removed when null).</summary>
    public static string D4rlWith(string path, string name, byte[]? bytes)
    {
        var arrays = D4rl();
        if (bytes is null)
        {
            arrays.Remove(name);
        }
        else
        {
            arrays[name] = bytes;
        }

        return Npz(path, arrays);
    }

    /// <summary>Writes <paramref name="file"/> (built with PureHDF) to <paramref name="path"/>.</summary>
    public static string Hdf5(string path, PureHDF.H5File file)
    {
        file.Write(path);
        return path;
    }

    /// <summary>The datasets of a valid D4RL-layout HDF5 file of 4 steps in one episode (2 observation values, 2 actions).</summary>
    public static PureHDF.H5File D4rlHdf5() => new()
    {
        ["observations"] = new PureHDF.H5Dataset(new float[] { 0, 1, 2, 3, 4, 5, 6, 7 }, fileDims: [4, 2]),
        ["actions"] = new long[] { 0, 1, 0, 1 },
        ["rewards"] = new float[] { 1, 1, 1, 1 },
        ["terminals"] = new byte[] { 0, 0, 0, 1 },
        ["timeouts"] = new byte[] { 0, 0, 0, 0 },
    };

    /// <summary>One Minari episode group: <paramref name="steps"/> steps and <paramref name="observations"/> observations (N + 1 when valid).</summary>
    public static PureHDF.H5Group MinariEpisode(int steps, int observations) => new()
    {
        ["observations"] = new PureHDF.H5Dataset(new double[observations * 2], fileDims: [(ulong)observations, 2]),
        ["actions"] = new long[steps],
        ["rewards"] = new double[steps],
        ["terminations"] = Enumerable.Range(0, steps).Select(i => i == steps - 1 ? (byte)1 : (byte)0).ToArray(),
        ["truncations"] = new byte[steps],
    };

    /// <summary>d3rlpy's saved layout with one episode of <paramref name="observations"/> observations (2 values) and <paramref name="actions"/> actions.</summary>
    public static PureHDF.H5File D3rlpyHdf5(int observations, int actions) => new()
    {
        ["columns"] = new[] { "observations", "actions", "rewards", "terminated" },
        ["num_episodes"] = 1L,
        ["observations_0"] = new PureHDF.H5Dataset(new float[observations * 2], fileDims: [(ulong)observations, 2]),
        ["actions_0"] = new long[actions],
        ["rewards_0"] = new float[observations],
        ["terminated_0"] = (byte)1,
    };

    /// <summary>Runs h5py (<see cref="ExternalPython"/>) with <c>f</c> open on <c>bad.hdf5</c> in <paramref name="dir"/>; <paramref name="body"/> is one or more lines.</summary>
    public static void H5py(string dir, string body)
    {
        var lines = string.Join("\n", body.Split('\n').Select(l => "    " + l));
        ExternalPython.Run($"import h5py\nwith h5py.File('bad.hdf5', 'w') as f:\n{lines}\n", dir);
    }

    public static string Csv(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A valid CSV header; rows follow.</summary>
    public const string CsvHeader = "episode_id,step,obs_0,obs_1,action,reward,terminal,truncated\n";

    public static byte[] PolicyBytes(PolicyModel model)
    {
        using var s = new MemoryStream();
        OfflineRl.MLNet.Policies.PolicySerializer.Write(model.Policy, s);
        return s.ToArray();
    }

    /// <summary>The policy file with its JSON header rewritten by <paramref name="edit"/> (length field updated).</summary>
    public static byte[] PolicyWithHeader(PolicyModel model, Func<string, string> edit)
    {
        var bytes = PolicyBytes(model);
        var length = BitConverter.ToInt32(bytes, 12);
        var json = Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(bytes, 16, length)));
        return [.. bytes[..12], .. BitConverter.GetBytes(json.Length), .. json, .. bytes[(16 + length)..]];
    }

    public static byte[] OnnxBytes(PolicyModel model) => PolicyOnnxExporter.ToBytes(model);

    /// <summary>The bytes with every occurrence of <paramref name="from"/> replaced by <paramref name="to"/> (same length: protobuf lengths stay valid).</summary>
    public static byte[] Replace(byte[] bytes, string from, string to)
    {
        Assert.Equal(from.Length, to.Length);
        var a = Encoding.ASCII.GetBytes(from);
        var b = Encoding.ASCII.GetBytes(to);
        var result = (byte[])bytes.Clone();
        var found = 0;
        for (var i = 0; i + a.Length <= result.Length; i++)
        {
            if (result.AsSpan(i, a.Length).SequenceEqual(a))
            {
                b.CopyTo(result.AsSpan(i));
                found++;
            }
        }

        Assert.True(found > 0, $"'{from}' not found");
        return result;
    }
}
