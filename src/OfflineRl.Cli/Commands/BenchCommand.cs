using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Environments;
using Spectre.Console;

namespace OfflineRl.Cli.Commands;

/// <summary>
/// <c>offlinerl bench</c>: training-step throughput on synthetic random data of the given shapes, timed by
/// <see cref="TrainingSpeed.Measure"/> (a warm-up, then the median steps/s of several timed runs).
/// With <c>--latency</c> it measures single-observation acting latency instead, one row per path (<see cref="LatencyBench"/>);
/// with <c>--transforms</c>, returns-to-go + filtering through the ML.NET pipeline (<see cref="TransformBench"/>);
/// with <c>--env</c>, environment steps per second (<see cref="EnvironmentBench"/>).
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
            Description = "Measure reading an ML.NET view into a training dataset, and returns-to-go + top-10 % filtering (Fit + Transform), over --rows transitions of --obs / --act (use --rows 10000000) instead of training speed.",
        };
        var fqe = new Option<bool>("--fqe")
        {
            Description = "Measure fitted Q evaluation's critic steps/s (a random target policy on --rows synthetic transitions; --hidden, --batch, --threads, --steps) instead of a trainer's.",
        };
        var peak = new Option<bool>("--peak")
        {
            Description = "Measure this core's float32 FMA peak (GFLOP/s, widest vectors the runtime accelerates) instead of training speed; training runs report their fraction of it.",
        };
        var env = new Option<string[]>("--env")
        {
            CustomParser = BenchmarkCommand.CommaSeparated,
            Description = $"Measure environment steps/s with random actions instead of training speed; comma-separated ids ({string.Join(", ", EnvironmentCatalog.Ids)}).",
        };
        var command = new Command("bench", "Measure training steps per second on synthetic data, acting latency (--latency) or environment steps (--env).")
        {
            algo, obs, act, discrete, batch, hidden, steps, threads, runs, warmup, rows, json, latency, calls, transforms, env, peak, fqe,
        };
        command.SetAction(parse => context.Guard(() =>
        {
            if (parse.GetValue(peak))
            {
                PrintPeak(context, FmaPeak.Measure(), parse.GetValue(json));
                return 0;
            }

            if (parse.GetValue(env) is { Length: > 0 } envIds)
            {
                var ids = envIds.Select(EnvironmentCatalog.Canonical).ToList();
                if (parse.GetValue(steps) < 1 || parse.GetValue(runs) < 1)
                {
                    throw new ArgumentException($"--steps and --runs must be at least 1 (got {parse.GetValue(steps)}, {parse.GetValue(runs)}).");
                }

                EnvironmentBench.Print(context, EnvironmentBench.Run(ids, parse.GetValue(steps), parse.GetValue(runs), parse.GetValue(warmup)), parse.GetValue(json));
                return 0;
            }

            if (parse.GetValue(transforms))
            {
                var count = parse.GetValue(rows);
                if (count < 1 || parse.GetValue(runs) < 1)
                {
                    throw new ArgumentException($"--rows and --runs must be at least 1 (got {count}, {parse.GetValue(runs)}).");
                }

                var log = Synthetic(parse.GetValue(obs), parse.GetValue(act), parse.GetValue(discrete), count);
                TransformBench.Print(context, TransformBench.Run(log, parse.GetValue(runs), parse.GetValue(warmup)), parse.GetValue(json));
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
            var threadCount = parse.GetValue(threads);
            var warmupSeconds = parse.GetValue(warmup);
            if (!(warmupSeconds >= TrainingSpeedOptions.MinimumWarmupSeconds))
            {
                throw new ArgumentException($"--warmup must be at least {TrainingSpeedOptions.MinimumWarmupSeconds} seconds (got {warmupSeconds}).");
            }

            if (stepCount < 1 || parse.GetValue(runs) < 1 || batchSize < 1 || threadCount < 1 || widths.Length == 0)
            {
                throw new ArgumentException("--steps, --runs, --batch, --threads must be ≥ 1 and --hidden must list at least one width.");
            }

            if (parse.GetValue(fqe))
            {
                var log = Synthetic(parse.GetValue(obs), parse.GetValue(act), parse.GetValue(discrete), parse.GetValue(rows));
                var rates = FqeBench.Run(log, batchSize, widths, stepCount, threadCount, parse.GetValue(runs), warmupSeconds);
                PrintFqe(context, log, batchSize, widths, threadCount, stepCount, rates, parse.GetValue(json));
                return 0;
            }

            var options = PolicyTrainersCatalog.CreateOptions(name);
            (options.BatchSize, options.HiddenSizes, options.Steps, options.Seed, options.Run.Threads) = (batchSize, widths, stepCount, 0, threadCount);
            var data = Synthetic(parse.GetValue(obs), parse.GetValue(act), parse.GetValue(discrete), parse.GetValue(rows));
            var trainer = new MLContext(0).OfflineRL().Trainers.Create(name, options);
            var corePeak = FmaPeak.Measure();
            var speed = TrainingSpeed.Measure(trainer, data, new TrainingSpeedOptions
            {
                StepsPerRun = stepCount,
                Runs = parse.GetValue(runs),
                WarmupSeconds = warmupSeconds,
            });
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
                    ["threads"] = speed.Threads,
                    ["steps"] = stepCount,
                    ["warmupSteps"] = speed.WarmupSteps,
                    ["runs"] = new JsonArray(speed.StepsPerSecond.Select(x => (JsonNode?)Math.Round(x, 2)).ToArray()),
                    ["medianStepsPerSecond"] = Math.Round(speed.MedianStepsPerSecond, 2),
                    ["medianStepsPerCpuSecond"] = Math.Round(speed.MedianStepsPerCpuSecond, 2),
                    ["matrixGflopPerStep"] = Math.Round(speed.MatrixFlopsPerStep / 1e9, 9),
                    ["medianGflopsPerSecond"] = Math.Round(speed.MedianGflopsPerSecond, 2),
                    ["corePeakGflopsPerSecond"] = Math.Round(corePeak.GflopsPerSecond, 2),
                    ["fractionOfPeak"] = Math.Round(FractionOfPeak(speed, corePeak), 4),
                    ["finalLosses"] = new JsonObject(speed.FinalLosses.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
                };
                context.Output.WriteLine(result.ToJsonString());
            }
            else
            {
                // One measure per row, so the table fits a narrow console.
                var table = new Table().Title(Markup.Escape($"offlinerl bench: {name} ({shape})")).AddColumns("Measure", "Value");
                table.AddRow("Threads", speed.Threads.ToString(CultureInfo.InvariantCulture));
                table.AddRow("Warm-up steps", speed.WarmupSteps.ToString(CultureInfo.InvariantCulture));
                table.AddRow("Runs (steps/s)", string.Join(", ", speed.StepsPerSecond.Select(x => x.ToString("0.0", CultureInfo.InvariantCulture))));
                table.AddRow("Median steps/s", speed.MedianStepsPerSecond.ToString("0.0", CultureInfo.InvariantCulture));
                table.AddRow("GFLOP per step", (speed.MatrixFlopsPerStep / 1e9).ToString("0.0000", CultureInfo.InvariantCulture));
                table.AddRow("GFLOP/s", speed.MedianGflopsPerSecond.ToString("0.0", CultureInfo.InvariantCulture));
                table.AddRow("Of peak", FractionOfPeak(speed, corePeak).ToString("0.0 %", CultureInfo.InvariantCulture));
                context.Console.Write(table);
                context.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"GFLOP: the matrix products' 2·m·n·k per step; of peak: against {speed.Threads} × this core's {corePeak.Instructions} peak of {corePeak.GflopsPerSecond:0.0} GFLOP/s (bench --peak).")));
            }

            return 0;
        }));
        return command;
    }

    private static void PrintFqe(CliContext context, TrajectoryDataset data, int batch, int[] widths, int threads, int steps, FqeSpeed speed, bool json)
    {
        if (json)
        {
            context.Output.WriteLine(new JsonObject
            {
                ["algo"] = "fqe",
                ["obs"] = data.ObservationDimension,
                ["discreteActions"] = data.ActionSpace.IsDiscrete ? data.ActionSpace.Count : null,
                ["act"] = data.ActionSpace.IsDiscrete ? null : data.ActionSpace.Dimension,
                ["batch"] = batch,
                ["hidden"] = new JsonArray(widths.Select(w => (JsonNode?)w).ToArray()),
                ["threads"] = threads,
                ["steps"] = steps,
                ["runs"] = new JsonArray(speed.StepsPerSecond.Select(x => (JsonNode?)Math.Round(x, 2)).ToArray()),
                ["medianStepsPerSecond"] = Math.Round(speed.Median, 2),
            }.ToJsonString());
            return;
        }

        var table = new Table().Title(Markup.Escape($"offlinerl bench --fqe: FQE critic steps (obs {data.ObservationDimension}, {data.ActionSpace}, batch {batch}, hidden {string.Join('x', widths)})"))
            .AddColumns("Measure", "Value");
        table.AddRow("Threads", threads.ToString(CultureInfo.InvariantCulture));
        table.AddRow("Runs (steps/s)", string.Join(", ", speed.StepsPerSecond.Select(x => x.ToString("0.0", CultureInfo.InvariantCulture))));
        table.AddRow("Median steps/s", speed.Median.ToString("0.0", CultureInfo.InvariantCulture));
        context.Console.Write(table);
    }

    // Against as many cores' peak as the run used threads.
    private static double FractionOfPeak(TrainingSpeedResult speed, FmaPeakResult peak) =>
        speed.MedianGflopsPerSecond / (peak.GflopsPerSecond * speed.Threads);

    private static void PrintPeak(CliContext context, FmaPeakResult peak, bool json)
    {
        if (json)
        {
            context.Output.WriteLine(new JsonObject
            {
                ["mode"] = "peak",
                ["instructions"] = peak.Instructions,
                ["lanes"] = peak.Lanes,
                ["runs"] = new JsonArray(peak.Runs.Select(x => (JsonNode?)Math.Round(x, 2)).ToArray()),
                ["gflopsPerSecond"] = Math.Round(peak.GflopsPerSecond, 2),
            }.ToJsonString());
            return;
        }

        var table = new Table().Title("offlinerl bench --peak: one core's float32 FMA throughput").AddColumns("Instructions", "Runs (GFLOP/s)", "Peak GFLOP/s");
        table.AddRow(peak.Instructions, string.Join(", ", peak.Runs.Select(x => x.ToString("0.0", CultureInfo.InvariantCulture))),
            peak.GflopsPerSecond.ToString("0.0", CultureInfo.InvariantCulture));
        context.Console.Write(table);
    }

    /// <summary>Random observations and actions in [−1, 1], rewards in [0, 1], episodes of 1,000 steps (the last may be shorter).</summary>
    internal static TrajectoryDataset Synthetic(int obs, int act, int? discrete, int rows)
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

        return builder.Build(discrete is { } count
            ? new DatasetLoadOptions { DiscreteActionCount = count }
            : new DatasetLoadOptions { ActionLow = Enumerable.Repeat(-1f, act).ToArray(), ActionHigh = Enumerable.Repeat(1f, act).ToArray() });
    }
}
