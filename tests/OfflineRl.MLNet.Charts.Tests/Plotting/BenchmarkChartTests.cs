using OfflineRl.MLNet.Charts;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Tests.Cli;
using OfflineRl.MLNet.Trainers;
using ScottPlot;
using ScottPlot.Plottables;

namespace OfflineRl.MLNet.Tests.Plotting;

public sealed class BenchmarkChartTests
{
    private static EvaluationResult Result(string env, double score, double? success = null) =>
        new(env, 10, 0, score, 0, 100, score, success, [score]);

    [Fact]
    public void Bars_carry_the_headline_with_error_bars_a_legend_and_dataset_labels()
    {
        BenchmarkCell[] cells =
        [
            new("BC", "CartPole-v1-medium-replay", [Result("CartPole-v1", 40), Result("CartPole-v1", 60)]),
            new("IQL", "CartPole-v1-medium-replay", [Result("CartPole-v1", 90), Result("CartPole-v1", 100)]),
            new("BC", "StitchGrid-v0-stitch", [Result("StitchGrid-v0", 0, 0), Result("StitchGrid-v0", 0, 0.1)]),
            new("IQL", "StitchGrid-v0-stitch", [Result("StitchGrid-v0", 100, 1), Result("StitchGrid-v0", 100, 0.9)]),
        ];
        var chart = BenchmarkChart.Create(cells, "t & t");

        var plot = Assert.Single(chart.Panels);
        var series = plot.GetPlottables().OfType<BarPlot>().ToArray();
        Assert.Equal(["BC", "IQL"], series.Select(s => s.LegendText));
        Assert.Equal([50.0, 5], series[0].Bars.Select(b => b.Value)); // CartPole score, StitchGrid success in %
        Assert.Equal([10.0, 5], series[0].Bars.Select(b => b.Error));
        Assert.Equal([95.0, 95], series[1].Bars.Select(b => b.Value));
        Assert.Equal([0.0, 1, 3, 4], series.SelectMany(s => s.Bars).Select(b => b.Position).Order()); // groups of two bars, a gap between
        var (png, texts) = ChartFiles.SaveBoth(chart, "benchmark");
        var ticks = plot.Axes.Bottom.TickGenerator.Ticks; // laid out by the render

        Assert.Equal(["CartPole-v1-medium-replay", "StitchGrid-v0-stitch"], ticks.Select(t => t.Label.Replace("\n", string.Empty, StringComparison.Ordinal)));
        Assert.Equal([0.5, 3.5], ticks.Select(t => t.Position));
        Assert.Equal(BenchmarkChart.YLabel, plot.Axes.Left.Label.Text);
        Assert.Contains("t & t", texts);
        Assert.Contains("CartPole-v1-", texts);
        Assert.Contains("medium-replay", texts);
        Assert.Contains(BenchmarkChart.YLabel, texts);
        Assert.Contains("IQL", texts);
        Assert.True(ChartFiles.CountColor(png, "#f28e2b") > 1000, "IQL's bars are missing from the PNG");
    }

    [Fact]
    public void Aggregate_chart_spans_each_interval_with_a_line_at_the_iqm()
    {
        BenchmarkAggregate[] aggregates =
        [
            new("BC", 2, 4, new ScoreInterval { Value = 12, Lower = 5, Upper = 20 }),
            new("IQL", 2, 4, new ScoreInterval { Value = 80, Lower = 70, Upper = 95 }),
        ];
        var chart = BenchmarkChart.CreateAggregate(aggregates, "iqm");

        var plot = Assert.Single(chart.Panels);
        var bars = plot.GetPlottables().OfType<BarPlot>().SelectMany(b => b.Bars).ToArray();
        Assert.Equal([(0.0, 5.0, 20.0), (1, 70, 95)], bars.Select(b => (b.Position, b.ValueBase, b.Value)));
        var lines = plot.GetPlottables().OfType<LinePlot>().ToArray();
        Assert.Equal([12.0, 80], lines.Select(l => l.Start.Y));
        Assert.All(lines, l => Assert.Equal(l.Start.Y, l.End.Y));
        var (png, texts) = ChartFiles.SaveBoth(chart, "benchmark-iqm");
        Assert.Equal(["BC", "IQL"], plot.Axes.Bottom.TickGenerator.Ticks.Select(t => t.Label));
        Assert.Contains("iqm", texts);
        Assert.Contains(BenchmarkChart.AggregateYLabel, texts);
        Assert.True(ChartFiles.CountColor(png, "#f28e2b") > 1000, "IQL's interval is missing from the PNG");
    }

    [Fact]
    public void The_profile_chart_draws_each_algorithm_as_a_step_line_of_its_fractions()
    {
        BenchmarkProfile[] profiles =
        [
            new("BC", 1, [0.0, 50, 100], [1.0, 0.5, 0]),
            new("IQL", 1, [0.0, 50, 100], [1.0, 1, 0.5]),
        ];
        var chart = BenchmarkChart.CreateProfile(profiles, "profile");

        var plot = Assert.Single(chart.Panels);
        var lines = plot.GetPlottables().OfType<Scatter>().ToArray();
        Assert.Equal(["BC", "IQL"], lines.Select(l => l.LegendText));
        Assert.All(lines, l => Assert.Equal(ConnectStyle.StepHorizontal, l.ConnectStyle));
        Assert.Equal([1.0, 1, 0.5], lines[1].Data.GetScatterPoints().Select(p => p.Y));
        var (png, texts) = ChartFiles.SaveBoth(chart, "benchmark-profile");
        Assert.Contains("profile", texts);
        Assert.Contains(BenchmarkChart.ProfileYLabel, texts);
        Assert.True(ChartFiles.CountColor(png, "#f28e2b") > 300, "IQL's line is missing from the PNG");
    }

    [Fact]
    public void Dataset_labels_fit_under_their_own_group()
    {
        // The full benchmark's datasets under four algorithms: the long names overlapped their neighbours once.
        string[] datasets =
        [
            "CartPole-v1-medium-replay", "Acrobot-v1-medium-replay", "MountainCar-v0-medium-replay",
            "MountainCarContinuous-v0-medium-replay", "Pendulum-v1-medium-replay", "StitchGrid-v0-stitch", "StitchForkPoint-v0-stitch",
        ];
        var cells = (from d in datasets
                     from a in new[] { "BC", "Filtered BC 10%", "AWR", "IQL" }
                     select new BenchmarkCell(a, d, [Result(d[..d.IndexOf("-v", StringComparison.Ordinal)], 50)])).ToArray();
        var chart = BenchmarkChart.Create(cells);
        chart.ToPng(); // lays the plot out
        var plot = chart.Panels[0];
        var data = plot.LastRender.DataRect;
        var groupPixels = data.Width / (plot.Axes.GetLimits().Right - plot.Axes.GetLimits().Left) * 5; // four bars and a gap per group
        foreach (var tick in plot.Axes.Bottom.TickGenerator.Ticks)
        {
            var lines = tick.Label.Split('\n');
            Assert.InRange(lines.Length, 2, 3);
            Assert.All(lines, l => Assert.True(BenchmarkChart.LabelWidth(l) + BenchmarkChart.LabelGap <= groupPixels,
                $"'{l}' is {BenchmarkChart.LabelWidth(l):0} px wide, its group {groupPixels:0} px."));
        }

        Assert.Equal(["MountainCarContinuous-v0-", "medium-replay"], BenchmarkChart.LabelLines("MountainCarContinuous-v0-medium-replay", 1000));
        Assert.Equal(["MountainCar-", "v0-", "medium-", "replay"], BenchmarkChart.LabelLines("MountainCar-v0-medium-replay", 60));
    }

    [Fact]
    public void Benchmark_chart_from_redraws_a_runs_chart_as_svg_and_png()
    {
        var dir = ChartFiles.TempDir();
        var seeds = Path.Combine(dir, "benchmark-seeds.csv");
        BenchmarkCell[] cells =
        [
            new("BC", "CartPole-v1-medium-replay", [Result("CartPole-v1", 40), Result("CartPole-v1", 60)]),
            new("IQL", "StitchGrid-v0-stitch", [Result("StitchGrid-v0", 100, 1), Result("StitchGrid-v0", 100, 0.5)]),
        ];
        File.WriteAllText(seeds, BenchmarkReport.ToSeedCsv(cells));
        var (code, output, error) = CliRunner.Run("benchmark", "--chart-from", seeds, "--out", Path.Combine(dir, "out"));
        Assert.True(code == 0, error);
        Assert.Contains("benchmark.png", output, StringComparison.Ordinal);
        var texts = ChartFiles.SvgTexts(Path.Combine(dir, "out", "benchmark.svg"));
        Assert.Contains("Offline RL benchmark (2 seeds)", texts);
        Assert.Equal(["BC", "IQL"], texts.Where(t => t is "BC" or "IQL"));
        var png = ChartFiles.DecodePng(Path.Combine(dir, "out", "benchmark.png"));
        Assert.True(ChartFiles.CountColor(png, "#f28e2b") > 1000, "IQL's bar is missing from the PNG");
        Assert.False(File.Exists(Path.Combine(dir, "out", "benchmark.md"))); // nothing ran: only the charts are written
        Assert.Contains("Interquartile mean over all datasets (2 seeds)", ChartFiles.SvgTexts(Path.Combine(dir, "out", "benchmark-iqm.svg")));
        Assert.True(File.Exists(Path.Combine(dir, "out", "benchmark-iqm.png")));

        File.WriteAllText(seeds, "algorithm,dataset\n");
        var (bad, _, badError) = CliRunner.Run("benchmark", "--chart-from", seeds, "--out", dir);
        Assert.Equal(1, bad);
        Assert.Contains("Not a per-seed benchmark CSV", badError, StringComparison.Ordinal);
    }

    [Fact]
    public void Benchmark_report_from_rewrites_tables_csv_files_and_charts_from_a_runs_seeds()
    {
        var dir = ChartFiles.TempDir();
        BenchmarkCell[] cells =
        [
            new("BC", "CartPole-v1-medium-replay", [Result("CartPole-v1", 40), Result("CartPole-v1", 60)], 3.5),
            new("IQL", "CartPole-v1-medium-replay", [Result("CartPole-v1", 90), Result("CartPole-v1", 100)], 8),
        ];
        var seeds = Path.Combine(dir, "benchmark-seeds.csv");
        File.WriteAllText(seeds, BenchmarkReport.ToSeedCsv(cells));
        File.WriteAllText(Path.Combine(dir, "benchmark.csv"), BenchmarkReport.ToCsv(cells));
        File.WriteAllText(Path.Combine(dir, "benchmark.md"), "Generated by `offlinerl benchmark` with the settings in s.json.\n\n| Dataset |\n");

        var (code, output, error) = CliRunner.Run("benchmark", "--report-from", seeds, "--out", dir);
        Assert.True(code == 0, error);
        Assert.Contains("benchmark-iqm.png", output, StringComparison.Ordinal);
        var md = File.ReadAllText(Path.Combine(dir, "benchmark.md"));
        Assert.StartsWith("Generated by `offlinerl benchmark` with the settings in s.json. Tables, summary CSV files and charts written from its benchmark-seeds.csv", md, StringComparison.Ordinal);
        Assert.Contains("| CartPole-v1-medium-replay | 2 | 50.0 ± 10.0 | 95.0 ± 5.0 |", md, StringComparison.Ordinal);
        Assert.Contains("| CartPole-v1-medium-replay | 50.0 [40.0, 60.0], SE 10.0 (eval 0.0) | 95.0 [90.0, 100.0], SE 5.0 (eval 0.0) |", md, StringComparison.Ordinal);
        Assert.Contains("| IQL | 1 | 2 | 95.0 [90.0, 100.0] | 1.00 [1.00, 1.00] |", md, StringComparison.Ordinal);
        Assert.Equal(BenchmarkReport.ToCsv(cells), File.ReadAllText(Path.Combine(dir, "benchmark.csv"))); // training times kept
        Assert.Equal(BenchmarkReport.ToAggregateCsv(cells), File.ReadAllText(Path.Combine(dir, "benchmark-aggregate.csv")));
        Assert.Equal(BenchmarkReport.ToImprovementCsv(cells), File.ReadAllText(Path.Combine(dir, "benchmark-improvement.csv")));
        Assert.True(File.Exists(Path.Combine(dir, "benchmark.svg")));
        Assert.True(File.Exists(Path.Combine(dir, "benchmark-iqm.svg")));

        // Rewriting the rewritten files changes nothing: the same results, the same seeded intervals, one note.
        Assert.Equal(0, CliRunner.Run("benchmark", "--report-from", seeds, "--out", dir).Code);
        Assert.Equal(md, File.ReadAllText(Path.Combine(dir, "benchmark.md")));
    }
}
