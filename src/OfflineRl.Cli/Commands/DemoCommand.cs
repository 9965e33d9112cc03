using System.CommandLine;
using System.Globalization;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Transforms;
using Spectre.Console;

namespace OfflineRl.Cli.Commands;

/// <summary><c>offlinerl demo</c>: the main job on a built-in default — the whole path on the shared CartPole data.</summary>
public static class DemoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dataOption = new Option<string?>("--data") { Description = "Dataset to use (default: the shared expert CartPole rollouts)." };
        var command = new Command("demo", "Run the whole path on a built-in default dataset and print what happened.") { dataOption };
        command.SetAction(parse => context.Guard(() =>
        {
            var path = parse.GetValue(dataOption) ?? DefaultData.FindCartPole();
            var rl = new OfflineRlContext(seed: 0);
            var data = rl.Data.Load(path, new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.TerminalUnlessTimeLimit, TimeLimit = 500 });
            var pipeline = rl.Transforms.NormalizeObservations()
                .Append(rl.Transforms.FilterTrajectories(0.1))
                .Append(rl.Transforms.ReturnsToGo(0.99f));
            var model = pipeline.Fit(data);
            var filtered = model.Transform(data);
            var table = new Table().Title("OfflineRl.MLNet demo").AddColumns("Stage", "Episodes", "Steps", "Mean return");
            table.AddRow("loaded", data.EpisodeCount.ToString(CultureInfo.InvariantCulture), data.Count.ToString(CultureInfo.InvariantCulture),
                Returns.EpisodeReturns(data).Average().ToString("0.00", CultureInfo.InvariantCulture));
            table.AddRow("top 10% episodes", filtered.EpisodeCount.ToString(CultureInfo.InvariantCulture), filtered.Count.ToString(CultureInfo.InvariantCulture),
                Returns.EpisodeReturns(filtered).Average().ToString("0.00", CultureInfo.InvariantCulture));
            context.Console.Write(table);
            context.Output.WriteLine($"data: {path}");
            context.Output.WriteLine($"return-to-go at the first step of the first kept episode: {filtered.GetColumn(ColumnNames.ReturnToGo)[0].ToString("0.000", CultureInfo.InvariantCulture)}");
            return 0;
        }));
        return command;
    }
}
