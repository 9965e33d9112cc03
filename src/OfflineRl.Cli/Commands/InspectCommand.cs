using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Data;
using Spectre.Console;

namespace OfflineRl.Cli.Commands;

/// <summary><c>offlinerl inspect &lt;file&gt; [--json]</c>: what a dataset holds.</summary>
public static class InspectCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var file = new Argument<string>("file") { Description = "A dataset: .npz (D4RL or stable-baselines), .hdf5 (D4RL or Minari) or a Minari folder, .parquet (RLlib or one row per step) or a folder of them, .json/.jsonl (RLlib SampleBatch), .csv." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        // A file without end flags is still described: inspect assumes truncation and says so.
        var data = new DataOptions(defaultEpisodeEnds: "truncated");
        var command = new Command("inspect", "Print episodes, steps, spaces, returns, lengths, episode ends and actions of a dataset.") { file, json };
        data.AddTo(command);
        command.SetAction(parse => context.Guard(() =>
        {
            var dataset = new MLContext().OfflineRL().Data.Load(parse.GetValue(file)!, data.Read(parse), data.ReadMapping(parse));
            var summary = DatasetSummary.Of(dataset);
            if (parse.GetValue(json))
            {
                context.Output.WriteLine(JsonSerializer.Serialize(summary, Json));
            }
            else
            {
                Print(context.Console, summary);
            }

            return 0;
        }));
        return command;
    }

    private static void Print(IAnsiConsole console, DatasetSummary s)
    {
        static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        var table = new Table().AddColumn("Property").AddColumn("Value").Title(Markup.Escape(s.Source));
        table.AddRow("Episodes", s.Episodes.ToString(CultureInfo.InvariantCulture));
        table.AddRow("Steps", s.Steps.ToString(CultureInfo.InvariantCulture));
        table.AddRow("Observation", $"{s.ObservationDimension} floats");
        table.AddRow("Action space", Markup.Escape(s.ActionSpace));
        table.AddRow("Episode return (min / mean / max)", $"{F(s.EpisodeReturn.Min)} / {F(s.EpisodeReturn.Mean)} / {F(s.EpisodeReturn.Max)}");
        table.AddRow("Episode length (min / mean / max)", $"{F(s.EpisodeLength.Min)} / {F(s.EpisodeLength.Mean)} / {F(s.EpisodeLength.Max)}");
        table.AddRow("Episodes ending terminal / truncated", $"{s.TerminalEpisodes} / {s.TruncatedEpisodes}");
        table.AddRow("Next observations recorded", s.HasNextObservations ? "yes" : "no");
        if (s.ActionHistogram is { } histogram)
        {
            table.AddRow("Action histogram", string.Join("  ", histogram.Select((c, a) => $"{a}: {c}")));
        }

        if (s.ActionRanges is { } ranges)
        {
            for (var j = 0; j < ranges.Count; j++)
            {
                table.AddRow($"Action[{j}] (min / mean / max)", $"{F(ranges[j].Min)} / {F(ranges[j].Mean)} / {F(ranges[j].Max)}");
            }
        }

        console.Write(table);
        foreach (var note in s.Notes)
        {
            console.MarkupLine($"[yellow]note:[/] {Markup.Escape(note)}");
        }
    }
}
