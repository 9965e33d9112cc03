using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Charts;
using OfflineRl.MLNet.Plotting;
using Spectre.Console;

namespace OfflineRl.Cli.Commands;

/// <summary>
/// <c>offlinerl plot &lt;log.csv&gt; --out &lt;file.svg|file.png&gt;</c>: learning curves from a training CSV log as an SVG or PNG chart;
/// <c>offlinerl plot &lt;data&gt; --weights</c>: histograms of the advantage weights of a dataset for several β.
/// </summary>
public static class PlotCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = new Argument<string>("file")
        {
            Description = "A training CSV log (TrainerOptions.LogPath / train --log): step,<losses>,lr_<names>,steps_per_second; "
                + "with --weights a dataset (.npz or .csv).",
        };
        var output = new Option<string>("--out") { Description = "The chart to write, SVG or PNG by its extension; default: the input's path with .svg (-weights.svg with --weights)." };
        var logY = new Option<bool>("--log-y") { Description = "Log-scale y axes (panels with non-positive values stay linear)." };
        var all = new Option<bool>("--all") { Description = "Also plot the learning-rate and steps-per-second columns." };
        var title = new Option<string?>("--title") { Description = "Chart title; default: from the file name." };
        var weights = new Option<bool>("--weights")
        {
            Description = "Histogram of advantage weights w = min(exp(β·A), max) instead of learning curves: V(s) is fitted to the "
                + "returns-to-go of the dataset, A = G − V(s), one panel per --beta.",
        };
        var betas = new Option<string>("--beta") { Description = "--weights: inverse temperatures β, comma-separated.", DefaultValueFactory = _ => "0,1,3,10" };
        var maxWeight = new Option<float>("--max-weight") { Description = "--weights: clip on the weight.", DefaultValueFactory = _ => AdvantageWeighting.DefaultMaxWeight };
        var valueSteps = new Option<int>("--value-steps") { Description = "--weights: gradient steps of the V fit.", DefaultValueFactory = _ => AwrOptions.DefaultValueSteps };
        var hidden = new Option<string>("--hidden") { Description = "--weights: hidden widths of V, comma-separated.", DefaultValueFactory = _ => "256,256" };
        var discount = new Option<float>("--discount") { Description = "--weights: discount γ of the returns-to-go.", DefaultValueFactory = _ => AwrOptions.DefaultDiscount };
        var seed = new Option<int>("--seed") { Description = "--weights: seed of the V fit.", DefaultValueFactory = _ => 0 };
        var bins = new Option<int>("--bins") { Description = "--weights: bins per histogram.", DefaultValueFactory = _ => Histogram.DefaultBinCount };
        var column = new Option<string?>("--column") { Description = "--weights: histogram this CSV column (e.g. a saved Weight column) instead of fitting V." };
        var dataOptions = new DataOptions(defaultEpisodeEnds: "truncated");
        var command = new Command("plot", "Plot learning curves from a training CSV log, or (--weights) the advantage-weight histogram of a dataset, to SVG or PNG.")
        {
            input, output, logY, all, title, weights, betas, maxWeight, valueSteps, hidden, discount, seed, bins, column,
        };
        dataOptions.AddTo(command);
        command.SetAction(parse => context.Guard(() =>
        {
            var path = parse.GetValue(input)!;
            if (!parse.GetValue(weights))
            {
                return PlotLearningCurves(context, path, parse.GetValue(output), parse.GetValue(title), parse.GetValue(logY), parse.GetValue(all));
            }

            var outPath = ChartPath(parse.GetValue(output) ?? Path.ChangeExtension(path, null) + "-weights.svg");
            Chart chart;
            if (parse.GetValue(column) is { } name)
            {
                var histogram = WeightHistograms.FromCsvColumn(path, name, parse.GetValue(bins));
                chart = HistogramChart.Create([histogram], parse.GetValue(title) ?? $"{name}: {Path.GetFileName(path)}", name, "fraction of rows");
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{histogram.Total} values of '{name}' in {histogram.BinCount} bins"));
            }
            else
            {
                var rl = new MLContext(parse.GetValue(seed)).OfflineRL();
                var data = rl.Data.Load(path, dataOptions.Read(parse), dataOptions.ReadMapping(parse));
                var options = new AwrOptions
                {
                    ValueSteps = parse.GetValue(valueSteps),
                    HiddenSizes = ParseList(parse.GetValue(hidden)!, "--hidden", s => int.Parse(s, CultureInfo.InvariantCulture)),
                    Discount = parse.GetValue(discount),
                    Weighting = { MaxWeight = parse.GetValue(maxWeight) },
                    Seed = parse.GetValue(seed),
                };
                options.Validate();
                var panels = WeightHistograms.FromDataset(data, ParseList(parse.GetValue(betas)!, "--beta", s => float.Parse(s, CultureInfo.InvariantCulture)),
                    options, parse.GetValue(bins), out var advantages);
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"advantages A = G − V(s) over {data.Count} steps: mean {advantages.Mean:G4}, std {advantages.Std:G4}, min {advantages.Min:G4}, max {advantages.Max:G4} (β·std ≫ 1 puts most weights at 0 or at the clip)"));
                chart = HistogramChart.Create(panels.Select(p => p.Histogram).ToArray(),
                    parse.GetValue(title) ?? $"Advantage weights w = min(exp(β·A), {options.Weighting.MaxWeight:0.##}): {Path.GetFileName(path)}",
                    "advantage weight w (log scale)", "fraction of rows");
                WriteSummary(context, panels);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
            chart.Save(outPath);
            context.Output.WriteLine($"wrote {outPath}");
            return 0;
        }));
        return command;
    }

    private static int PlotLearningCurves(CliContext context, string path, string? output, string? title, bool logY, bool all)
    {
        var series = TrainingLogReader.Read(path, all);
        if (series.Count == 0)
        {
            throw new InvalidDataException($"{path}: no loss columns to plot (try --all).");
        }

        var chart = LearningCurveChart.Create(series, title ?? $"Learning curves: {Path.GetFileName(path)}", logY, yLabel: all ? null : "loss");
        var outPath = ChartPath(output ?? Path.ChangeExtension(path, ".svg"));
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        chart.Save(outPath);
        context.Output.WriteLine($"wrote {outPath} ({series.Count} series: {string.Join(", ", series.Select(s => s.Name))}, {series[0].X.Count} points each)");
        return 0;
    }

    // Checked before the work (a V fit can take a while), not only when saving.
    private static string ChartPath(string path) =>
        Path.GetExtension(path).ToUpperInvariant() is ".SVG" or ".PNG"
            ? Path.GetFullPath(path)
            : throw new ArgumentException($"--out {path}: charts are written as .svg or .png.");

    private static void WriteSummary(CliContext context, IReadOnlyList<(float Beta, Histogram Histogram, AdvantageWeightSummary Summary)> panels)
    {
        var table = new Table().Title("Advantage weights").AddColumns("β", "mean w", "max w", "clipped", "effective sample", "top 10% share");
        foreach (var (beta, _, s) in panels)
        {
            table.AddRow(
                beta.ToString("0.###", CultureInfo.InvariantCulture),
                s.Mean.ToString("G4", CultureInfo.InvariantCulture),
                s.Max.ToString("G4", CultureInfo.InvariantCulture),
                s.ClippedFraction.ToString("P1", CultureInfo.InvariantCulture),
                s.EffectiveFraction.ToString("P1", CultureInfo.InvariantCulture),
                s.TopDecileShare.ToString("P1", CultureInfo.InvariantCulture));
        }

        context.Console.Write(table);
    }

    private static T[] ParseList<T>(string text, string option, Func<string, T> parse)
    {
        try
        {
            return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).ToArray();
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{option} '{text}' is not a comma-separated list of numbers.");
        }
    }
}
