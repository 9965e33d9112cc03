using System.Globalization;
using Microsoft.ML;
using OfflineRl.MLNet.Charts;
using OfflineRl.MLNet.Plotting;
using OfflineRl.MLNet.Tests.Cli;
using OfflineRl.MLNet.Tests.Plotting;

namespace OfflineRl.MLNet.Tests.Samples;

[Trait(Tier.Name, Tier.Slow)]
public sealed class PlotCommandTests
{
    private static string WriteLog(string dir, int rows = 20)
    {
        var path = Path.Combine(dir, "training-log.csv");
        var lines = new List<string> { "step,value,q,policy,lr_value,lr_q,lr_policy,steps_per_second" };
        for (var i = 1; i <= rows; i++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{i * 100},{1.0 / i},{0.5 / (i * i)},{2 - Math.Log(i)},0.0003,0.0003,{0.0003 * (1 - (i / 40.0))},{100 + i}"));
        }

        File.WriteAllLines(path, lines);
        return path;
    }

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "offlinerl-plot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public void Plot_writes_svg_with_one_panel_and_legend_entry_per_loss()
    {
        var dir = TempDir();
        var log = WriteLog(dir);
        var svgPath = Path.Combine(dir, "curves.svg");
        var (code, output, error) = CliRunner.Run("plot", log, "--out", svgPath);
        Assert.True(code == 0, error);
        Assert.Contains("3 series: value, q, policy, 20 points each", output, StringComparison.Ordinal);

        var texts = ChartFiles.SvgTexts(svgPath);
        Assert.Contains("Learning curves: training-log.csv", texts);
        Assert.Equal(2, texts.Count(t => t == "policy")); // legend and panel title
        Assert.Equal(3, texts.Count(t => t == "loss"));
        Assert.Contains("step", texts);
        Assert.Contains("1000", texts); // an x tick
        Assert.DoesNotContain(texts, t => t.StartsWith("lr_", StringComparison.Ordinal) || t == "steps_per_second");
    }

    [Fact]
    public void Plot_all_and_log_y_adds_lr_columns_and_log_panels_and_writes_png()
    {
        var dir = TempDir();
        var log = WriteLog(dir);
        var (code, _, error) = CliRunner.Run("plot", log, "--all", "--log-y");
        Assert.True(code == 0, error);
        var texts = ChartFiles.SvgTexts(Path.ChangeExtension(log, ".svg"));
        Assert.Contains("value (log scale)", texts);
        Assert.Contains("lr_policy (log scale)", texts);
        Assert.Contains("policy", texts); // 2 − ln i goes negative: stays linear
        Assert.DoesNotContain("policy (log scale)", texts);

        var pngPath = Path.Combine(dir, "curves.png");
        Assert.Equal(0, CliRunner.Run("plot", log, "--all", "--out", pngPath).Code);
        var png = ChartFiles.DecodePng(pngPath);
        Assert.Equal((LearningCurveChart.Width, 72 + (7 * 200) + 22), (png.Width, png.Height)); // 7 panels: 3 losses, 3 rates, steps/s
    }

    [Fact]
    public void Plot_reports_bad_logs()
    {
        var dir = TempDir();
        var path = Path.Combine(dir, "bad.csv");
        File.WriteAllText(path, "loss,other\n1,2\n");
        var (code, _, error) = CliRunner.Run("plot", path, "--out", Path.Combine(dir, "x.svg"));
        Assert.Equal(1, code);
        Assert.Contains("no 'step' column", error, StringComparison.Ordinal);
        var (pdf, _, pdfError) = CliRunner.Run("plot", WriteLog(dir), "--out", Path.Combine(dir, "x.pdf"));
        Assert.Equal(1, pdf);
        Assert.Contains("charts are written as .svg or .png", pdfError, StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_of_a_real_training_log_renders_to_png_and_svg()
    {
        var dir = TempDir();
        var log = Path.Combine(dir, "train.csv");
        var data = MLNet.Evaluation.EpisodeDatasets.Generate(MLNet.Environments.EnvironmentCatalog.CartPole, MLNet.Environments.BehaviorDatasetKind.Expert, 1000, 0);
        new MLContext(0).OfflineRL().Trainers.Iql(new MLNet.Algorithms.Iql.IqlOptions { Steps = 200, HiddenSizes = [16, 16], Run = { ReportEvery = 20, LogPath = log } }).Fit(data);
        var series = TrainingLogReader.Read(log);
        Assert.Equal(["value", "q", "policy"], series.Select(s => s.Name));
        var chart = LearningCurveChart.Create(series, "IQL", logY: true);
        Assert.Equal(series.Select(s => s.X.Count), chart.Panels.Skip(1).Select(p => p.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single().Data.GetScatterPoints().Count));
        var (png, texts) = ChartFiles.SaveBoth(chart, "train");
        Assert.Contains("IQL", texts);
        Assert.True(ChartFiles.CountColor(png, "#4e79a7") > 50, "the value curve is missing from the PNG");
    }

    [Fact]
    public void Plot_weights_fits_v_and_draws_one_histogram_per_beta()
    {
        var dir = TempDir();
        var data = Path.Combine(dir, "cartpole.npz");
        var (gen, _, genError) = CliRunner.Run("generate", "--env", "CartPole-v1", "--kind", "medium-replay", "--steps", "2000", "--seed", "0", "--out", data);
        Assert.True(gen == 0, genError);
        var svgPath = Path.Combine(dir, "weights.svg");
        var (code, output, error) = CliRunner.Run("plot", data, "--weights", "--beta", "0,0.03,0.1", "--value-steps", "200", "--hidden", "32,32", "--out", svgPath);
        Assert.True(code == 0, error);
        Assert.Contains("advantages A = G − V(s) over 2000 steps", output, StringComparison.Ordinal);
        Assert.Contains("effective sample", output, StringComparison.Ordinal);

        var texts = ChartFiles.SvgTexts(svgPath);
        Assert.Equal(["β = 0", "β = 0.03", "β = 0.1"], texts.Where(t => t.StartsWith("β = ", StringComparison.Ordinal)));
        Assert.Contains("advantage weight w (log scale)", texts);
        Assert.Equal(3, texts.Count(t => t == "fraction of rows"));

        var png = Path.Combine(dir, "weights.png");
        Assert.Equal(0, CliRunner.Run("plot", data, "--weights", "--beta", "0,0.03,0.1", "--value-steps", "200", "--hidden", "32,32", "--out", png).Code);
        Assert.Equal(HistogramChart.Width, ChartFiles.DecodePng(png).Width);
    }

    [Fact]
    public void Plot_weights_column_histograms_a_csv_column_and_names_a_missing_one()
    {
        var dir = TempDir();
        var csv = Path.Combine(dir, "weights.csv");
        File.WriteAllLines(csv, ["episode_id,weight", .. Enumerable.Range(1, 50).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i},{Math.Exp((i - 25) / 5.0)}"))]);
        var (code, output, error) = CliRunner.Run("plot", csv, "--weights", "--column", "Weight", "--bins", "10");
        Assert.True(code == 0, error);
        Assert.Contains("50 values of 'Weight' in 10 bins", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "weights-weights.svg")));

        var (bad, _, badError) = CliRunner.Run("plot", csv, "--weights", "--column", "advantage");
        Assert.Equal(1, bad);
        Assert.Contains("no column 'advantage'", badError, StringComparison.Ordinal);
    }
}
