using System.CommandLine;
using OfflineRl.Cli.Plotting;

namespace OfflineRl.Cli.Commands;

/// <summary><c>offlinerl plot &lt;log.csv&gt; --out &lt;file.svg&gt;</c>: learning curves from a training CSV log as an SVG chart.</summary>
public static class PlotCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var log = new Argument<string>("log") { Description = "A training CSV log (TrainerOptions.LogPath / train --log): step,<losses>,lr_<names>,steps_per_second." };
        var output = new Option<string>("--out") { Description = "The SVG file to write; default: the log's path with .svg." };
        var logY = new Option<bool>("--log-y") { Description = "Log-scale y axes (panels with non-positive values stay linear)." };
        var all = new Option<bool>("--all") { Description = "Also plot the learning-rate and steps-per-second columns." };
        var title = new Option<string?>("--title") { Description = "Chart title; default: the log's file name." };
        var command = new Command("plot", "Plot learning curves (one panel per loss over steps) from a training CSV log to SVG.") { log, output, logY, all, title };
        command.SetAction(parse => context.Guard(() =>
        {
            var path = parse.GetValue(log)!;
            var series = TrainingLogReader.Read(path, parse.GetValue(all));
            if (series.Count == 0)
            {
                throw new InvalidDataException($"{path}: no loss columns to plot (try --all).");
            }

            var svg = SvgLineChart.Render(series, parse.GetValue(title) ?? $"Learning curves: {Path.GetFileName(path)}", parse.GetValue(logY));
            var outPath = Path.GetFullPath(parse.GetValue(output) ?? Path.ChangeExtension(path, ".svg"));
            Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
            File.WriteAllText(outPath, svg);
            context.Output.WriteLine($"wrote {outPath} ({series.Count} series: {string.Join(", ", series.Select(s => s.Name))}, {series[0].X.Count} points each)");
            return 0;
        }));
        return command;
    }
}
