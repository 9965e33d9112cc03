using System.CommandLine;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Data;

namespace OfflineRl.Cli.Commands;

/// <summary><c>offlinerl convert &lt;in.csv&gt; &lt;out.npz&gt; [mapping]</c>: CSV logs to D4RL-layout NPZ.</summary>
public static class ConvertCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = new Argument<string>("input") { Description = "Long-format CSV (one row per step) or .npz." };
        var output = new Argument<string>("output") { Description = "Output .npz (D4RL layout) or .csv." };
        var episode = new Option<string>("--episode-id") { Description = "Episode id column.", DefaultValueFactory = _ => CsvColumnMapping.DefaultEpisodeId };
        var step = new Option<string?>("--step") { Description = "Step column (checked for order when present).", DefaultValueFactory = _ => CsvColumnMapping.DefaultStep };
        var obs = new Option<string?>("--obs") { Description = "Comma-separated observation columns (default: every column starting with --obs-prefix)." };
        var obsPrefix = new Option<string>("--obs-prefix") { Description = "Observation column prefix.", DefaultValueFactory = _ => CsvColumnMapping.DefaultObservationPrefix };
        var action = new Option<string?>("--action") { Description = "Comma-separated action columns (default: 'action', else columns starting with 'action_')." };
        var reward = new Option<string>("--reward") { Description = "Reward column.", DefaultValueFactory = _ => CsvColumnMapping.DefaultReward };
        var terminal = new Option<string>("--terminal") { Description = "Terminal flag column.", DefaultValueFactory = _ => CsvColumnMapping.DefaultTerminal };
        var truncated = new Option<string>("--truncated") { Description = "Truncation flag column.", DefaultValueFactory = _ => CsvColumnMapping.DefaultTruncated };
        var kind = new Option<string?>("--action-kind") { Description = "discrete | continuous (default: a single all-integer column is discrete)." };
        kind.AcceptOnlyFromAmong("discrete", "continuous");
        var data = new DataOptions();
        var command = new Command("convert", "Convert a CSV log into an NPZ file in the D4RL layout (or an NPZ into CSV).")
        {
            input, output, episode, step, obs, obsPrefix, action, reward, terminal, truncated, kind,
        };
        data.AddTo(command);
        command.SetAction(parse => context.Guard(() =>
        {
            static IReadOnlyList<string>? List(string? text) =>
                text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var actionKind = parse.GetValue(kind) switch
            {
                "discrete" => ActionKind.Discrete,
                "continuous" => ActionKind.Continuous,
                _ => (ActionKind?)null,
            };
            var mapping = new CsvColumnMapping
            {
                EpisodeId = parse.GetValue(episode)!,
                Step = parse.GetValue(step),
                ObservationColumns = List(parse.GetValue(obs)),
                ObservationPrefix = parse.GetValue(obsPrefix)!,
                ActionColumns = List(parse.GetValue(action)),
                Reward = parse.GetValue(reward)!,
                Terminal = parse.GetValue(terminal),
                Truncated = parse.GetValue(truncated),
                ActionKind = actionKind,
            };
            var options = data.Read(parse);
            options.ActionKind = actionKind;
            var rl = new MLContext().OfflineRL();
            var inPath = parse.GetValue(input)!;
            var outPath = parse.GetValue(output)!;
            var dataset = rl.Data.Load(inPath, options, mapping);
            if (outPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                rl.Data.SaveAsCsv(dataset, outPath);
            }
            else if (outPath.EndsWith(".npz", StringComparison.OrdinalIgnoreCase))
            {
                rl.Data.SaveAsNpz(dataset, outPath);
            }
            else
            {
                throw new ArgumentException($"{outPath}: the output must end in .npz or .csv.");
            }

            context.Output.WriteLine($"Wrote {outPath}: {dataset.EpisodeCount} episodes, {dataset.Count} steps, observation {dataset.ObservationDimension}, actions {dataset.ActionSpace}.");
            foreach (var note in dataset.Notes)
            {
                context.Output.WriteLine($"note: {note}");
            }

            return 0;
        }));
        return command;
    }
}
