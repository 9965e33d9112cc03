using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Pipeline;
using OfflineRl.MLNet.Policies;
using Spectre.Console;

namespace OfflineRl.Cli.Commands;

/// <summary>One measured path: per-call latency percentiles in microseconds.</summary>
/// <param name="Path">What was called, e.g. "OnnxPolicy (preallocated OrtValue)".</param>
/// <param name="Model">The policy shape, e.g. "continuous obs 17 → act 6, hidden 256x256".</param>
/// <param name="Calls">Timed calls.</param>
/// <param name="P50">Median, µs.</param>
/// <param name="P90">90th percentile, µs.</param>
/// <param name="P99">99th percentile, µs.</param>
/// <param name="Mean">Mean, µs.</param>
internal sealed record LatencyRow(string Path, string Model, int Calls, double P50, double P90, double P99, double Mean);

/// <summary>
/// <c>offlinerl bench --latency</c>: single-observation latency of a 2×256 policy, one row per (path, model). Each path
/// is a closure doing one call: ONNX Runtime with preallocated OrtValues, ML.NET's PredictionEngine over the library's
/// policy transformer, and PredictionEngine over the saved zip loaded back (OnnxTransformer). Every call is timed on its own with the high-resolution clock after a
/// warm-up of at least 0.5 s (tiered JIT recompiles hot methods during the first second).
/// </summary>
internal static class LatencyBench
{
    /// <summary>The path through <see cref="OnnxPolicy.Act(ReadOnlySpan{float}, Span{float})"/>.</summary>
    public const string OnnxPolicyPath = "OnnxPolicy (preallocated OrtValue)";

    /// <summary>ML.NET's PredictionEngine over the library's policy transformer (the native network).</summary>
    public const string PredictionEnginePath = "ML.NET PredictionEngine (PolicyTransformer)";

    /// <summary>ML.NET's PredictionEngine over the saved model loaded back (ML.NET's OnnxTransformer).</summary>
    public const string LoadedModelPath = "ML.NET PredictionEngine (Model.Load → OnnxTransformer)";

    private const int ObservationPool = 256;

    /// <summary>Exports the two benchmark policies (random 2×256 weights, with normalization and action bounds in the graph) and measures every path.</summary>
    public static IReadOnlyList<LatencyRow> Run(int calls, double warmupSeconds)
    {
        var rows = new List<LatencyRow>();
        foreach (var (name, policy) in Policies())
        {
            byte[] model = PolicyOnnxExporter.ToBytes(policy);
            float[] observations = RandomObservations(policy.ObservationDimension, seed: 7);
            using var onnx = OnnxPolicy.Load(model);
            var action = new float[onnx.ActionSize];
            int obs = policy.ObservationDimension;
            int next = 0;
            rows.Add(Measure(OnnxPolicyPath, name, calls, warmupSeconds, () =>
            {
                onnx.Act(observations.AsSpan(next * obs, obs), action);
                next = (next + 1) % ObservationPool;
            }));

            var ml = new MLContext(0);
            var transformer = ml.OfflineRL().Transforms.ApplyPolicy(policy);
            rows.Add(MeasureEngine(PredictionEnginePath, name, calls, warmupSeconds, ml, transformer, observations, obs, onnx.IsDiscrete));
            rows.Add(MeasureEngine(LoadedModelPath, name, calls, warmupSeconds, ml, SavedAndLoaded(ml, transformer, obs), observations, obs, onnx.IsDiscrete));
        }

        return rows;
    }

    private static LatencyRow MeasureEngine(
        string path, string name, int calls, double warmupSeconds, MLContext ml, ITransformer model, float[] observations, int obs, bool discrete)
    {
        var schema = SchemaDefinition.Create(typeof(ObservationRow));
        schema[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, obs);
        var input = new ObservationRow { Observation = new float[obs] };
        int next = 0;
        void NextObservation()
        {
            observations.AsSpan(next * obs, obs).CopyTo(input.Observation);
            next = (next + 1) % ObservationPool;
        }

        if (discrete)
        {
            var engine = ml.Model.CreatePredictionEngine<ObservationRow, DiscreteActionRow>(model, inputSchemaDefinition: schema);
            var output = new DiscreteActionRow();
            return Measure(path, name, calls, warmupSeconds, () =>
            {
                NextObservation();
                engine.Predict(input, ref output);
            });
        }

        var continuous = ml.Model.CreatePredictionEngine<ObservationRow, ContinuousActionRow>(model, inputSchemaDefinition: schema);
        var action = new ContinuousActionRow();
        return Measure(path, name, calls, warmupSeconds, () =>
        {
            NextObservation();
            continuous.Predict(input, ref action);
        });
    }

    private static ITransformer SavedAndLoaded(MLContext ml, PolicyTransformer transformer, int obs)
    {
        var schema = SchemaDefinition.Create(typeof(ObservationRow));
        schema[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, obs);
        var empty = ml.Data.LoadFromEnumerable(Array.Empty<ObservationRow>(), schema);
        using var zip = new MemoryStream();
        ml.Model.Save(transformer, empty.Schema, zip);
        zip.Position = 0;
        return ml.Model.Load(zip, out _);
    }

    /// <summary>Warms <paramref name="call"/> up, then times <paramref name="calls"/> calls one by one.</summary>
    public static LatencyRow Measure(string path, string model, int calls, double warmupSeconds, Action call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var clock = Stopwatch.StartNew();
        for (int i = 0; clock.Elapsed.TotalSeconds < warmupSeconds || i < 1000; i++)
        {
            call();
        }

        var ticks = new long[calls];
        for (int i = 0; i < calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        Array.Sort(ticks);
        double toMicroseconds = 1e6 / Stopwatch.Frequency;
        double Percentile(double p) => ticks[Math.Min(calls - 1, (int)Math.Ceiling(p * calls) - 1)] * toMicroseconds;
        return new LatencyRow(path, model, calls, Percentile(0.50), Percentile(0.90), Percentile(0.99), ticks.Average() * toMicroseconds);
    }

    /// <summary>Prints the rows as a table, or as one JSON object.</summary>
    public static void Print(CliContext context, IReadOnlyList<LatencyRow> rows, double warmupSeconds, bool json)
    {
        if (json)
        {
            var result = new JsonObject
            {
                ["mode"] = "latency",
                ["onnxRuntime"] = OnnxPolicy.RuntimeVersion,
                ["intraOpThreads"] = 1,
                ["warmupSeconds"] = warmupSeconds,
                ["rows"] = new JsonArray(rows.Select(r => (JsonNode?)new JsonObject
                {
                    ["path"] = r.Path,
                    ["model"] = r.Model,
                    ["calls"] = r.Calls,
                    ["p50Us"] = Math.Round(r.P50, 3),
                    ["p90Us"] = Math.Round(r.P90, 3),
                    ["p99Us"] = Math.Round(r.P99, 3),
                    ["meanUs"] = Math.Round(r.Mean, 3),
                }).ToArray()),
            };
            context.Output.WriteLine(result.ToJsonString());
            return;
        }

        var table = new Table().Title(Markup.Escape($"offlinerl bench --latency: one observation per call (ONNX Runtime {OnnxPolicy.RuntimeVersion}, 1 intra-op thread)"))
            .AddColumns("Path", "Model", "Calls", "p50 µs", "p90 µs", "p99 µs", "mean µs");
        foreach (LatencyRow r in rows)
        {
            table.AddRow(Markup.Escape(r.Path), Markup.Escape(r.Model), r.Calls.ToString(CultureInfo.InvariantCulture),
                Format(r.P50), Format(r.P90), Format(r.P99), Format(r.Mean));
        }

        context.Console.Write(table);
    }

    private static string Format(double microseconds) => microseconds.ToString("0.00", CultureInfo.InvariantCulture);

    private static IEnumerable<(string Name, Policy Policy)> Policies()
    {
        int[] hidden = [256, 256];
        yield return ("continuous obs 17 → act 6, hidden 256x256", Policy.CreateRandom(PolicyKind.Gaussian, 17, 6, hidden, Preprocessing(17, 6), seed: 1));
        yield return ("discrete obs 4 → 2 actions, hidden 256x256", Policy.CreateRandom(PolicyKind.Categorical, 4, 2, hidden, Preprocessing(4, null), seed: 2));
    }

    private static PolicyPreprocessing Preprocessing(int obs, int? act)
    {
        float[] mean = Enumerable.Range(0, obs).Select(i => 0.1f * i).ToArray();
        float[] std = Enumerable.Range(0, obs).Select(i => 1f + (0.05f * i)).ToArray();
        return act is int n
            ? new PolicyPreprocessing(mean, std, Enumerable.Repeat(-2f, n).ToArray(), Enumerable.Repeat(2f, n).ToArray())
            : new PolicyPreprocessing(mean, std);
    }

    private static float[] RandomObservations(int obs, int seed)
    {
        var random = new Random(seed);
        var values = new float[ObservationPool * obs];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 4) - 2);
        }

        return values;
    }

    /// <summary>ML.NET input row: one raw observation.</summary>
    internal sealed class ObservationRow
    {
        public float[] Observation { get; set; } = [];
    }

    /// <summary>ML.NET output row of a discrete policy.</summary>
    internal sealed class DiscreteActionRow
    {
        public long[] PredictedAction { get; set; } = [];

        public float[] ActionProbabilities { get; set; } = [];
    }

    /// <summary>ML.NET output row of a continuous policy.</summary>
    internal sealed class ContinuousActionRow
    {
        public float[] PredictedAction { get; set; } = [];
    }
}
