using Microsoft.ML;
using System.Globalization;
using System.Xml.Linq;
using OfflineRl.MLNet.Plotting;
using OfflineRl.MLNet.Tests.Cli;

namespace OfflineRl.MLNet.Tests.Samples;

public sealed class PlotCommandTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

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
    public void Plot_writes_valid_svg_with_one_polyline_per_loss()
    {
        var dir = TempDir();
        var log = WriteLog(dir);
        var svgPath = Path.Combine(dir, "curves.svg");
        var (code, output, error) = CliRunner.Run("plot", log, "--out", svgPath);
        Assert.True(code == 0, error);
        Assert.Contains("3 series", output, StringComparison.Ordinal);

        var doc = XDocument.Parse(File.ReadAllText(svgPath));
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        var polylines = doc.Descendants(Svg + "polyline").ToList();
        Assert.Equal(["value", "q", "policy"], polylines.Select(p => (string)p.Attribute("data-series")!));
        foreach (var p in polylines)
        {
            var points = ((string)p.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(20, points.Length);
        }

        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("step", texts);
        Assert.Contains("policy", texts); // legend
        Assert.Contains("1000", texts); // an x tick
    }

    [Fact]
    public void Plot_all_and_log_y_adds_lr_columns_and_log_panels()
    {
        var dir = TempDir();
        var log = WriteLog(dir);
        var (code, _, error) = CliRunner.Run("plot", log, "--all", "--log-y");
        Assert.True(code == 0, error);
        var doc = XDocument.Parse(File.ReadAllText(Path.ChangeExtension(log, ".svg")));
        Assert.Equal(7, doc.Descendants(Svg + "polyline").Count());
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("value (log scale)", texts);
        Assert.Contains("policy", texts); // 2 − ln i goes negative: stays linear
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
    }

    [Fact]
    public void Chart_of_a_real_training_log_renders_with_rsvg_convert()
    {
        var dir = TempDir();
        var log = Path.Combine(dir, "train.csv");
        var data = MLNet.Evaluation.EpisodeDatasets.Generate(MLNet.Environments.EnvironmentCatalog.CartPole, MLNet.Environments.BehaviorDatasetKind.Expert, 1000, 0);
        new MLContext(0).OfflineRL().Trainers.Iql(new MLNet.Algorithms.Iql.IqlOptions { Steps = 200, HiddenSizes = [16, 16], ReportEvery = 20, LogPath = log }).Fit(data);
        var series = TrainingLogReader.Read(log);
        Assert.Equal(["value", "q", "policy"], series.Select(s => s.Name));
        var svgPath = Path.Combine(dir, "train.svg");
        File.WriteAllText(svgPath, SvgLineChart.Render(series, "IQL", logY: true));
        XDocument.Parse(File.ReadAllText(svgPath));

        Plotting.SvgPng.Render(svgPath);
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

        var doc = XDocument.Parse(File.ReadAllText(svgPath));
        var panels = doc.Descendants(Svg + "g").Where(g => g.Attribute("data-histogram") is not null).ToList();
        Assert.Equal(["β = 0", "β = 0.03", "β = 0.1"], panels.Select(p => (string)p.Attribute("data-histogram")!));
        foreach (var panel in panels)
        {
            var counts = panel.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == "bar")
                .Sum(r => int.Parse((string)r.Attribute("data-count")!, CultureInfo.InvariantCulture));
            Assert.Equal(2000, counts);
        }

        // β = 0: every weight is exp(0) = 1, so one bar holds every row.
        Assert.Single(panels[0].Descendants(Svg + "rect"), r => (string?)r.Attribute("class") == "bar");
        Assert.Contains("advantage weight w (log scale)", doc.Descendants(Svg + "text").Select(t => t.Value));
        Plotting.SvgPng.Render(svgPath);
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
