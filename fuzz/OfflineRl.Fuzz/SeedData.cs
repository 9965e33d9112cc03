using System.IO.Compression;
using System.Text;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Training;

namespace OfflineRl.Fuzz;

/// <summary>Writes the small valid inputs the fuzzer starts from: one or two per target, made by the library's own writers.</summary>
public static class SeedData
{
    /// <summary>Six steps in two episodes, 2-D observations, 2 discrete actions.</summary>
    public static TrajectoryDataset Dataset()
    {
        var b = new TrajectoryDatasetBuilder("seed", 2);
        for (var t = 0; t < 6; t++)
        {
            b.AddStep(t / 3, [t * 0.5f, 1 - t], t % 2, t == 2 ? 1f : 0.25f, t == 2, t == 5);
        }

        return b.Build(new DatasetLoadOptions { DiscreteActionCount = 2 });
    }

    /// <summary>Writes every target's seeds under <paramref name="root"/>/TARGET/.</summary>
    public static void Write(string root)
    {
        var data = Dataset();
        void Put(string target, string file, byte[] bytes)
        {
            Directory.CreateDirectory(Path.Combine(root, target));
            File.WriteAllBytes(Path.Combine(root, target, file), bytes);
        }

        Put("npy", "f4-2d.npy", Npy(NpyArray.Create("observations", new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2)));
        Put("npy", "b1-1d.npy", Npy(NpyArray.Create("terminals", new[] { true, false }, 2)));
        Put("npy", "i8-1d.npy", Npy(NpyArray.Create("actions", new long[] { 0, 1, 1 }, 3)));

        var npz = Path.Combine(Path.GetTempPath(), $"offlinerl-fuzz-{Guid.NewGuid():N}.npz");
        NpzDatasetWriter.Write(data, npz);
        Put("npz", "d4rl.npz", File.ReadAllBytes(npz));
        File.Delete(npz);
        Put("npz", "stable-baselines.npz", StableBaselinesNpz());

        Put("csv", "steps.csv", Encoding.UTF8.GetBytes(
            "episode_id,step,obs_0,obs_1,action,reward,terminal,truncated\n0,0,0.0,1,0,0.25,0,0\n0,1,0.5,0,1,0.25,0,0\n0,2,1,-1,0,1,1,0\n1,0,1.5,-2,1,0.25,0,0\n1,1,2,-3,0,0.25,0,1\n"));

        var ml = new MLContext(0);
        var bc = ml.OfflineRL().Trainers.BehaviorCloning(new BehaviorCloningOptions { Steps = 2, BatchSize = 4, HiddenSizes = [3] }).Fit(data).Model;
        var iql = ml.OfflineRL().Trainers.Iql(FuzzTargets.Checkpoints.Options()).Fit(data).Model;
        using (var s = new MemoryStream())
        {
            PolicySerializer.Write(bc.Policy, s);
            Put("policy", "policy.bin", [0, .. s.ToArray()]);
        }

        var folder = Path.Combine(Path.GetTempPath(), $"offlinerl-fuzz-{Guid.NewGuid():N}");
        iql.Save(folder);
        Put("policy", "values.bin", [1, .. File.ReadAllBytes(Path.Combine(folder, PolicyModel.ValuesFileName))]);
        Put("policy", "model.json", [2, .. File.ReadAllBytes(Path.Combine(folder, PolicyModel.ModelFileName))]);
        Directory.Delete(folder, recursive: true);

        var checkpoints = Path.Combine(Path.GetTempPath(), $"offlinerl-fuzz-{Guid.NewGuid():N}");
        var options = FuzzTargets.Checkpoints.Options();
        options.Run.CheckpointEvery = 1;
        options.Run.CheckpointDirectory = checkpoints;
        Directory.CreateDirectory(checkpoints);
        TrainingLoop.Run(FuzzTargets.Checkpoints.Create(), options, FuzzTargets.Checkpoints.DataHash);
        Put("checkpoint", "iql-step1.bin", File.ReadAllBytes(TrainingLoop.CheckpointPath(checkpoints, 1)));
        Directory.Delete(checkpoints, recursive: true);

        Put("onnx", "bc-discrete.onnx", PolicyOnnxExporter.ToBytes(bc));

        var hdf5 = Path.Combine(Path.GetTempPath(), $"offlinerl-fuzz-{Guid.NewGuid():N}.hdf5");
        Hdf5DatasetWriter.Write(data, hdf5);
        Put("hdf5", "d4rl.hdf5", File.ReadAllBytes(hdf5));
        File.Delete(hdf5);
        Put("hdf5", "minari.hdf5", MinariHdf5());

        var parquet = Path.Combine(Path.GetTempPath(), $"offlinerl-fuzz-{Guid.NewGuid():N}.parquet");
        ParquetDatasetWriter.Write(data, parquet);
        Put("parquet", "rows.parquet", File.ReadAllBytes(parquet));
        File.Delete(parquet);

        Put("act", "single.json", "{\"observation\":[0.1,-2,3e-3,4]}"u8.ToArray());
        Put("act", "batch.json", "{\"observations\":[[1,2,3,4],[0,0,0,-1.5]]}"u8.ToArray());
    }

    private static byte[] Npy(NpyArray array)
    {
        using var s = new MemoryStream();
        array.Write(s);
        return s.ToArray();
    }

    private static byte[] StableBaselinesNpz()
    {
        using var s = new MemoryStream();
        using (var zip = new ZipArchive(s, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(NpyArray a)
            {
                var entry = zip.CreateEntry(a.Name + ".npy", CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var e = entry.Open();
                a.Write(e);
            }

            Add(NpyArray.Create("obs", new float[] { 0, 1, 2, 3 }, 4, 1));
            Add(NpyArray.Create("actions", new long[] { 0, 1, 0, 1 }, 4));
            Add(NpyArray.Create("rewards", new double[] { 1, 1, 1, 1 }, 4));
            Add(NpyArray.Create("episode_starts", new[] { true, false, true, false }, 4));
        }

        return s.ToArray();
    }

    /// <summary>Minari's episode layout: two episode groups of N + 1 observations and N steps each.</summary>
    private static byte[] MinariHdf5()
    {
        static PureHDF.H5Group Episode(int steps, bool terminal) => new()
        {
            ["observations"] = new PureHDF.H5Dataset(Enumerable.Range(0, (steps + 1) * 2).Select(i => i * 0.5).ToArray(), fileDims: [(ulong)steps + 1, 2]),
            ["actions"] = Enumerable.Range(0, steps).Select(i => (long)(i % 2)).ToArray(),
            ["rewards"] = Enumerable.Repeat(1.0, steps).ToArray(),
            ["terminations"] = Enumerable.Range(0, steps).Select(i => terminal && i == steps - 1 ? (byte)1 : (byte)0).ToArray(),
            ["truncations"] = Enumerable.Range(0, steps).Select(i => !terminal && i == steps - 1 ? (byte)1 : (byte)0).ToArray(),
        };

        using var s = new MemoryStream();
        new PureHDF.H5File { ["episode_0"] = Episode(3, true), ["episode_1"] = Episode(2, false) }.Write(s);
        return s.ToArray();
    }
}
