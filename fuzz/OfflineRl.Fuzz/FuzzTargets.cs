using System.Text;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Algorithms;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Serving;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Training;

namespace OfflineRl.Fuzz;

/// <summary>
/// One entry point per parser of outside bytes. Each feeds the bytes to the parser as the library's users would and
/// swallows only the library's own clear error for that input (<see cref="DatasetValidationException"/> for data files,
/// <see cref="InvalidDataException"/> for model files, <see cref="BadRequestException"/> for HTTP bodies); anything
/// else escapes and is a crash to afl-fuzz and a failure to the replay test.
/// </summary>
public static class FuzzTargets
{
    /// <summary>Target names, as <c>fuzz/run.sh</c> and the corpus folders spell them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["npy", "npz", "csv", "policy", "checkpoint", "onnx", "act", "hdf5", "parquet"];

    /// <summary>
    /// Runs target <paramref name="name"/> on <paramref name="data"/>: null when the input was accepted, the error
    /// message when the parser refused it with the expected exception type.
    /// </summary>
    public static string? Run(string name, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return name switch
        {
            "npy" => Expect<DatasetValidationException>(() => NpyArray.Read(new MemoryStream(data, writable: false), "fuzz.npy")),
            "npz" => Expect<DatasetValidationException>(() => NpzDatasetLoader.Load(new MemoryStream(data, writable: false), "fuzz.npz", NpzOptions)),
            "csv" => Expect<DatasetValidationException>(() =>
                CsvDatasetLoader.Load(new StreamReader(new MemoryStream(data, writable: false), Encoding.UTF8), "fuzz.csv", options: NpzOptions)),
            "policy" => Policy(data),
            "checkpoint" => Expect<InvalidDataException>(() => Checkpoints.Read(data)),
            "onnx" => Expect<InvalidDataException>(() => ServedModel.Create(data, "fuzz.onnx", [], 1, null).Policy.Dispose()),
            "act" => Expect<BadRequestException>(() => ActRequestParser.Parse(data, width: 4, maxRows: 16)),
            "hdf5" => Expect<DatasetValidationException>(() => Hdf5DatasetLoader.Load(new MemoryStream(data, writable: false), "fuzz.hdf5", NpzOptions)),
            "parquet" => Expect<DatasetValidationException>(() => ParquetDatasetLoader.Load(new MemoryStream(data, writable: false), "fuzz.parquet", null, NpzOptions)),
            _ => throw new ArgumentException($"unknown fuzz target '{name}'; the targets are {string.Join(", ", Names)}", nameof(name)),
        };
    }

    /// <summary>
    /// What the command line assumes for files without end flags, so the fuzzer reaches validation of both layouts.
    /// Made per call: instrumented library code must not run before SharpFuzz has mapped afl's coverage memory.
    /// </summary>
    private static DatasetLoadOptions NpzOptions => new() { MissingEndFlags = MissingEndFlagsAssumption.AllTruncated };

    /// <summary>The native model folder's three files; the first byte picks which one the rest is.</summary>
    private static string? Policy(byte[] data)
    {
        if (data.Length == 0)
        {
            return null;
        }

        var body = new MemoryStream(data, 1, data.Length - 1, writable: false);
        return (data[0] % 3) switch
        {
            0 => Expect<InvalidDataException>(() => PolicySerializer.Read(body)),
            1 => Expect<InvalidDataException>(() => ValueNetwork.ReadAll(body, "values.bin")),
            _ => Expect<InvalidDataException>(() => PolicyModel.ParseDescription(body, "model.json")),
        };
    }

    private static string? Expect<TException>(Action parse)
        where TException : Exception
    {
        try
        {
            parse();
            return null;
        }
        catch (TException ex)
        {
            return ex.Message.Length > 0 ? ex.Message : throw new InvalidOperationException($"{typeof(TException).Name} without a message", ex);
        }
    }

    /// <summary>The checkpoint reader against one small IQL algorithm (the trainer with the most components).</summary>
    internal static class Checkpoints
    {
        public const string DataHash = "fuzz-data-hash";

        private static readonly Lazy<TrainingAlgorithm> Algorithm = new(Create);

        public static void Read(byte[] data) => TrainingLoop.ReadCheckpoint(new MemoryStream(data, writable: false), "fuzz.ckpt", Algorithm.Value, DataHash);

        /// <summary>A fresh algorithm of the same options (for writing seeds).</summary>
        public static TrainingAlgorithm Create()
        {
            var trainer = (IPolicyTrainer)new MLContext(0).OfflineRL().Trainers.Iql(Options());
            return trainer.CreateAlgorithm(SeedData.Dataset(), 0);
        }

        public static IqlOptions Options() => new() { Steps = 1, BatchSize = 4, HiddenSizes = [3], Run = { Threads = 1 } };
    }
}
