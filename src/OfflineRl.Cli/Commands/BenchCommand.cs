using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Training;
using Spectre.Console;

namespace OfflineRl.Cli.Commands;

/// <summary>
/// <c>offlinerl bench</c>: training-step throughput on synthetic random data of the given shapes — a warm-up (2 s by
/// default, at least 0.5 s: the runtime recompiles hot methods in the background for the first second or so, which
/// with 2 threads competes with the step itself), then the median steps/s of several timed runs (the method of the README's speed section).
/// With <c>--latency</c> it measures single-observation acting latency instead, one row per path (<see cref="LatencyBench"/>);
/// with <c>--transforms</c>, returns-to-go + filtering through the ML.NET pipeline (<see cref="TransformBench"/>).
/// </summary>
public static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var algo = new Option<string>("--algo") { Description = string.Join(" | ", TrainCommand.AlgorithmNames), DefaultValueFactory = _ => "iql" };
        var obs = new Option<int>("--obs") { Description = "Observation dimension.", DefaultValueFactory = _ => 17 };
        var act = new Option<int>("--act") { Description = "Continuous action dimension.", DefaultValueFactory = _ => 6 };
        var discrete = new Option<int?>("--discrete") { Description = "Use N discrete actions instead of continuous ones." };
        var batch = new Option<int>("--batch") { Description = "Batch size.", DefaultValueFactory = _ => 256 };
        var hidden = new Option<string>("--hidden") { Description = "Hidden widths, comma-separated.", DefaultValueFactory = _ => "256,256" };
        var steps = new Option<int>("--steps") { Description = "Steps per timed run.", DefaultValueFactory = _ => 2000 };
        var threads = new Option<int>("--threads") { Description = "Threads for the network math.", DefaultValueFactory = _ => 1 };
        var runs = new Option<int>("--runs") { Description = "Timed runs (the median is reported).", DefaultValueFactory = _ => 3 };
        var warmup = new Option<double>("--warmup") { Description = "Warm-up seconds before the timed runs (at least 0.5).", DefaultValueFactory = _ => 2.0 };
        var rows = new Option<int>("--rows") { Description = "Synthetic transitions.", DefaultValueFactory = _ => 100_000 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var latency = new Option<bool>("--latency")
        {
            Description = "Measure single-observation latency (p50/p90/p99 µs) of 2x256 policies (obs 17/act 6 continuous, obs 4/2 actions discrete) instead of training speed.",
        };
        var calls = new Option<int>("--calls") { Description = "Timed calls per latency row.", DefaultValueFactory = _ => 20_000 };
        var transforms = new Option<bool>("--transforms")
        {
            Description = "Measure returns-to-go + top-10 % filtering (Fit + Transform) over --rows transitions (use --rows 10000000) instead of training speed.",
        };
        var command = new Command("bench", "Measure training steps per second on synthetic data, or acting latency (--latency).")
        {
            algo, obs, act, discrete, batch, hidden, steps, threads, runs, warmup, rows, json, latency, calls, transforms,
        };
        command.SetAction(parse => context.Guard(() =>
        {
            if (parse.GetValue(transforms))
            {
                var count = parse.GetValue(rows);
                if (count < 1 || parse.GetValue(runs) < 1)
                {
                    throw new ArgumentException($"--rows and --runs must be at least 1 (got {count}, {parse.GetValue(runs)}).");
                }

                TransformBench.Print(context, TransformBench.Run(count, parse.GetValue(runs), parse.GetValue(warmup)), parse.GetValue(json));
                return 0;
            }

            if (parse.GetValue(latency))
            {
                var seconds = parse.GetValue(warmup);
                var count = parse.GetValue(calls);
                if (!(seconds >= 0.5) || count < 100)
                {
                    throw new ArgumentException($"--warmup must be at least 0.5 seconds and --calls at least 100 (got {seconds}, {count}).");
                }

                LatencyBench.Print(context, LatencyBench.Run(count, seconds), seconds, parse.GetValue(json));
                return 0;
            }

            var name = parse.GetValue(algo)!.ToLowerInvariant();
            var widths = parse.GetValue(hidden)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            var batchSize = parse.GetValue(batch);
            var stepCount = parse.GetValue(steps);
            var runCount = parse.GetValue(runs);
            var warmupSeconds = parse.GetValue(warmup);
            var threadCount = parse.GetValue(threads);
            var entry = AlgorithmList.Find(name);

            if (!(warmupSeconds >= 0.5))
            {
                throw new ArgumentException($"--warmup must be at least 0.5 seconds (got {warmupSeconds}).");
            }

            if (stepCount < 1 || runCount < 1 || batchSize < 1 || threadCount < 1 || widths.Length == 0)
            {
                throw new ArgumentException("--steps, --runs, --batch, --threads must be ≥ 1 and --hidden must list at least one width.");
            }

            var data = Synthetic(parse.GetValue(obs), parse.GetValue(act), parse.GetValue(discrete), parse.GetValue(rows), entry.ReadsWeights);
            var previous = NnThreading.ThreadCount;
            NnThreading.ThreadCount = threadCount;
            try
            {
                var algorithm = Create(entry, data, batchSize, widths, stepCount);
                var losses = new double[algorithm.LossNames.Count];
                var clock = Stopwatch.StartNew();
                var warmupSteps = 0;
                var step = 0;
                while (clock.Elapsed.TotalSeconds < warmupSeconds || warmupSteps < 10)
                {
                    algorithm.Step(step++ % stepCount, losses);
                    warmupSteps++;
                }

                var rates = new double[runCount];
                var cpuRates = new double[runCount];
                using var process = Process.GetCurrentProcess();
                for (var r = 0; r < runCount; r++)
                {
                    process.Refresh();
                    var cpu = process.TotalProcessorTime;
                    clock.Restart();
                    for (var s = 0; s < stepCount; s++)
                    {
                        algorithm.Step(s, losses);
                    }

                    rates[r] = stepCount / clock.Elapsed.TotalSeconds;
                    process.Refresh();
                    cpuRates[r] = stepCount / (process.TotalProcessorTime - cpu).TotalSeconds;
                }

                var median = Median(rates);
                var shape = $"obs {data.ObservationDimension}, {data.ActionSpace}, batch {batchSize}, hidden {string.Join('x', widths)}";
                if (parse.GetValue(json))
                {
                    var result = new JsonObject
                    {
                        ["algo"] = name,
                        ["obs"] = data.ObservationDimension,
                        ["discreteActions"] = data.ActionSpace.IsDiscrete ? data.ActionSpace.Count : null,
                        ["act"] = data.ActionSpace.IsDiscrete ? null : data.ActionSpace.Dimension,
                        ["batch"] = batchSize,
                        ["hidden"] = new JsonArray(widths.Select(w => (JsonNode?)w).ToArray()),
                        ["threads"] = threadCount,
                        ["steps"] = stepCount,
                        ["warmupSteps"] = warmupSteps,
                        ["runs"] = new JsonArray(rates.Select(x => (JsonNode?)Math.Round(x, 2)).ToArray()),
                        ["medianStepsPerSecond"] = Math.Round(median, 2),
                        // Steps per second of the process's CPU time: on a shared machine, less disturbed by other load than the wall clock.
                        ["medianStepsPerCpuSecond"] = Math.Round(Median(cpuRates), 2),
                        ["finalLosses"] = new JsonObject(algorithm.LossNames.Select((n, i) => KeyValuePair.Create(n, (JsonNode?)losses[i]))),
                    };
                    context.Output.WriteLine(result.ToJsonString());
                }
                else
                {
                    var table = new Table().Title(Markup.Escape($"offlinerl bench: {name} ({shape})")).AddColumns("Threads", "Warm-up steps", "Runs (steps/s)", "Median steps/s");
                    table.AddRow(threadCount.ToString(CultureInfo.InvariantCulture), warmupSteps.ToString(CultureInfo.InvariantCulture),
                        string.Join(", ", rates.Select(x => x.ToString("0.0", CultureInfo.InvariantCulture))),
                        median.ToString("0.0", CultureInfo.InvariantCulture));
                    context.Console.Write(table);
                }
            }
            finally
            {
                NnThreading.ThreadCount = previous;
            }

            return 0;
        }));
        return command;
    }

    /// <summary>The entry's algorithm with its default options at the given size (seed 0, no data preparation: the synthetic data has what it reads).</summary>
    private static ITrainingAlgorithm Create(AlgorithmEntry entry, TrajectoryDataset data, int batch, int[] hidden, int steps)
    {
        var options = entry.NewOptions();
        (options.BatchSize, options.HiddenSizes, options.Steps) = (batch, hidden, steps);
        return entry.CreateTrainer(new MLContext(0).OfflineRL().Trainers, options).CreateAlgorithm(data, 0);
    }

    private static TrajectoryDataset Synthetic(int obs, int act, int? discrete, int rows, bool weights)
    {
        if (obs < 1 || act < 1 || rows < 2 || discrete is < 2)
        {
            throw new ArgumentException("--obs and --act must be ≥ 1, --discrete ≥ 2 and --rows ≥ 2.");
        }

        const int episodeLength = 1000;
        var random = new Random(12345);
        var builder = new TrajectoryDatasetBuilder("synthetic", obs, discrete is null ? act : 1);
        var o = new float[obs];
        var a = new float[act];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < obs; j++)
            {
                o[j] = (float)(random.NextDouble() * 2 - 1);
            }

            var last = i % episodeLength == episodeLength - 1 || i == rows - 1;
            var reward = (float)random.NextDouble();
            if (discrete is { } n)
            {
                builder.AddStep(i / episodeLength, o, random.Next(n), reward, last, isTruncated: false);
            }
            else
            {
                for (var j = 0; j < act; j++)
                {
                    a[j] = (float)(random.NextDouble() * 2 - 1);
                }

                builder.AddStep(i / episodeLength, o, a, reward, last, isTruncated: false);
            }
        }

        var data = builder.Build(discrete is { } count
            ? new DatasetLoadOptions { DiscreteActionCount = count }
            : new DatasetLoadOptions { ActionLow = Enumerable.Repeat(-1f, act).ToArray(), ActionHigh = Enumerable.Repeat(1f, act).ToArray() });
        if (weights)
        {
            var w = new float[data.Count];
            for (var i = 0; i < w.Length; i++)
            {
                w[i] = (float)Math.Exp(random.NextDouble() - 0.5);
            }

            data = data.WithColumn(ColumnNames.Weight, w);
        }

        return data;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
