using System.Globalization;
using System.Text;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Evaluation;

namespace OfflineRl.Samples.CsvLogs;

/// <summary>What the sample printed: dataset size and how often the cloned thermostat heats when cold / stays off when warm.</summary>
public sealed record CsvLogsResult(string CsvPath, int Episodes, int Steps, double HeatWhenColdRate, double OffWhenWarmRate);

public static class Program
{
    public static int Main(string[] args)
    {
        Run(args, Console.Out);
        return 0;
    }

    /// <summary>Writes a thermostat log with its own column names, loads it with a <see cref="CsvColumnMapping"/> and clones it. Optional arg: CSV path.</summary>
    public static CsvLogsResult Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var csvPath = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "offlinerl-thermostat-log.csv");
        WriteThermostatLog(csvPath, sessions: 40, minutes: 30, seed: 7);
        output.WriteLine($"wrote {csvPath}");

        // Your logs rarely use the library's default column names: map them.
        var mapping = new CsvColumnMapping
        {
            EpisodeId = "session_id",
            Step = "minute",
            ObservationColumns = ["temperature", "outside"],
            ActionColumns = ["heater_on"],
            ActionKind = ActionKind.Discrete,
            Reward = "comfort",
            Terminal = null,
            Truncated = "log_ended",
            NextObservationPrefix = null,
        };
        var ml = new MLContext(seed: 0);
        var rl = ml.OfflineRL();
        var data = rl.Data.LoadCsv(csvPath, mapping);
        output.WriteLine($"loaded {data.EpisodeCount} episodes, {data.Count} steps, actions {data.ActionSpace}");

        var model = rl.Trainers.BehaviorCloning(new BehaviorCloningOptions { Steps = 500, HiddenSizes = [32, 32], LearningRate = 3e-3f }).Fit(data).Model;
        var act = PolicyActors.From(model.Policy);
        int cold = 0, coldHeat = 0, warm = 0, warmOff = 0;
        for (var t = 14f; t <= 28f; t += 0.5f)
        {
            var heat = act([t, 5f])[0] >= 0.5f;
            if (t <= 18f) { cold++; coldHeat += heat ? 1 : 0; }
            if (t >= 23f) { warm++; warmOff += heat ? 0 : 1; }
        }

        var result = new CsvLogsResult(csvPath, data.EpisodeCount, data.Count, (double)coldHeat / cold, (double)warmOff / warm);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cloned thermostat: heats when cold {result.HeatWhenColdRate:P0}, stays off when warm {result.OffWhenWarmRate:P0}"));
        return result;
    }

    /// <summary>A room heated by a noisy rule-based thermostat (heat below 20.5 °C), logged once a minute.</summary>
    private static void WriteThermostatLog(string path, int sessions, int minutes, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder("session_id,minute,temperature,outside,heater_on,comfort,log_ended\n");
        for (var s = 0; s < sessions; s++)
        {
            var temp = 14 + (12 * random.NextDouble());
            var outside = -5 + (15 * random.NextDouble());
            for (var m = 0; m < minutes; m++)
            {
                var heat = temp < 20.5 ? random.NextDouble() < 0.9 : random.NextDouble() < 0.1;
                var comfort = -Math.Abs(temp - 21);
                sb.Append(CultureInfo.InvariantCulture, $"{s},{m},{temp:0.###},{outside:0.###},{(heat ? 1 : 0)},{comfort:0.###},{(m == minutes - 1 ? 1 : 0)}\n");
                temp += (heat ? 0.8 : 0) - (0.05 * (temp - outside)) + (0.2 * (random.NextDouble() - 0.5));
            }
        }

        File.WriteAllText(path, sb.ToString());
    }
}
