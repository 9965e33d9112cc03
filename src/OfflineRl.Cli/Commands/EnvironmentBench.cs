using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using OfflineRl.MLNet.Environments;
using Spectre.Console;

namespace OfflineRl.Cli.Commands;

/// <summary>One environment's stepping speed: the median of the timed runs.</summary>
/// <param name="Environment">The environment id.</param>
/// <param name="Runs">Steps per second of each timed run.</param>
/// <param name="Resets">Episodes that ended (and were reset) during the timed runs.</param>
internal sealed record EnvironmentSpeedRow(string Environment, IReadOnlyList<double> Runs, int Resets)
{
    public double MedianStepsPerSecond => RunMedian.Of(Runs);
}

/// <summary>
/// <c>offlinerl bench --env ID[,ID…]</c>: environment steps per second with uniformly random actions, resetting when an
/// episode ends (the reset is timed too), after a warm-up; the cost an evaluation or a data-collection run pays per step.
/// </summary>
internal static class EnvironmentBench
{
    public static IReadOnlyList<EnvironmentSpeedRow> Run(IReadOnlyList<string> ids, int steps, int runs, double warmupSeconds)
    {
        var rows = new List<EnvironmentSpeedRow>();
        foreach (var id in ids)
        {
            var env = EnvironmentCatalog.Create(id);
            var random = new Random(0);
            var space = env.ActionSpace;
            var width = space.IsDiscrete ? 1 : space.Dimension;
            var actions = new float[4096 * width];
            for (var i = 0; i < actions.Length; i++)
            {
                var d = i % width;
                actions[i] = space.IsDiscrete ? random.Next(space.Count) : space.Low![d] + ((space.High![d] - space.Low[d]) * random.NextSingle());
            }

            var resets = 0;
            var episode = 0;
            var t = 0;
            env.Reset(episode);
            void StepOnce()
            {
                var result = env.Step(actions.AsSpan((t++ % 4096) * width, width));
                if (result.Done)
                {
                    resets++;
                    env.Reset(++episode);
                }
            }

            var warm = Stopwatch.StartNew();
            while (warm.Elapsed.TotalSeconds < warmupSeconds)
            {
                StepOnce();
            }

            resets = 0;
            var speeds = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < steps; i++)
                {
                    StepOnce();
                }

                speeds.Add(steps / clock.Elapsed.TotalSeconds);
            }

            (env as IDisposable)?.Dispose();
            rows.Add(new EnvironmentSpeedRow(env.Id, speeds, resets));
        }

        return rows;
    }

    public static void Print(CliContext context, IReadOnlyList<EnvironmentSpeedRow> rows, bool json)
    {
        if (json)
        {
            var array = new JsonArray(rows.Select(row => (JsonNode?)new JsonObject
            {
                ["env"] = row.Environment,
                ["runs"] = new JsonArray(row.Runs.Select(x => (JsonNode?)Math.Round(x, 1)).ToArray()),
                ["medianStepsPerSecond"] = Math.Round(row.MedianStepsPerSecond, 1),
                ["resets"] = row.Resets,
            }).ToArray());
            context.Output.WriteLine(array.ToJsonString());
            return;
        }

        var table = new Table().Title("offlinerl bench --env: steps/s with uniformly random actions (resets included)")
            .AddColumns("Environment", "Runs (steps/s)", "Median steps/s", "µs/step", "Resets");
        foreach (var row in rows)
        {
            table.AddRow(
                row.Environment,
                string.Join(", ", row.Runs.Select(x => x.ToString("0", CultureInfo.InvariantCulture))),
                row.MedianStepsPerSecond.ToString("0", CultureInfo.InvariantCulture),
                (1e6 / row.MedianStepsPerSecond).ToString("0.0", CultureInfo.InvariantCulture),
                row.Resets.ToString(CultureInfo.InvariantCulture));
        }

        context.Console.Write(table);
    }
}
