using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Trainers;
using Spectre.Console;

namespace OfflineRl.Cli.Commands;

/// <summary><c>offlinerl evaluate --policy DIR --data FILE [--json]</c>: offline metrics on logged data.</summary>
public static class EvaluateCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var policy = new Option<string>("--policy") { Description = "A trained model folder (from 'offlinerl train').", Required = true };
        var data = new Option<string>("--data") { Description = "Logged data to score against (.npz or .csv).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the metrics as JSON." };
        var dataOptions = new DataOptions(defaultEpisodeEnds: "truncated");
        var command = new Command("evaluate", "Offline metrics of a trained policy on logged data.") { policy, data, json };
        dataOptions.AddTo(command);
        command.SetAction(parse => context.Guard(() =>
        {
            var model = PolicyModel.Load(parse.GetValue(policy)!);
            var dataset = new MLContext().OfflineRL().Data.Load(parse.GetValue(data)!, dataOptions.Read(parse), dataOptions.ReadMapping(parse));
            var metrics = OfflineMetrics.Compute(model, dataset);
            if (parse.GetValue(json))
            {
                context.Output.WriteLine(JsonSerializer.Serialize(metrics, Json));
                return 0;
            }

            static string F(double? v, string format) => v?.ToString(format, CultureInfo.InvariantCulture) ?? "n/a";
            var table = new Table().Title($"{model.Algorithm} on {Markup.Escape(dataset.Source)}").AddColumns("Metric", "Value");
            table.AddRow("steps", metrics.Steps.ToString(CultureInfo.InvariantCulture));
            table.AddRow("greedy-action agreement", F(metrics.GreedyActionAgreement * 100, "0.00") + (metrics.GreedyActionAgreement is null ? "" : " %"));
            table.AddRow("action MSE", F(metrics.ActionMse, "G5"));
            table.AddRow("mean V(initial state)", F(metrics.MeanInitialStateValue, "G5"));
            table.AddRow("mean |TD error|", F(metrics.MeanAbsoluteTdError, "G5"));
            context.Console.Write(table);
            return 0;
        }));
        return command;
    }
}
