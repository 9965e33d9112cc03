using OfflineRl.MLNet.Charts;
using OfflineRl.MLNet.Plotting;
using ScottPlot;
using ScottPlot.Plottables;

namespace OfflineRl.MLNet.Tests.Plotting;

public sealed class ChartTests
{
    private static Coordinates[] Points(Plot panel) => panel.GetPlottables().OfType<Scatter>().Single().Data.GetScatterPoints().ToArray();

    [Fact]
    public void Learning_curves_stack_one_panel_per_series_with_markers_dashes_log_axes_and_a_legend()
    {
        double[] steps = [100, 200, 300, 400];
        LineSeries[] series =
        [
            new("value", steps, [1, 0.1, 0.01, 0.001]),
            new("policy", steps, [2, 1, -0.5, -1]) { Dashed = true },
            new("eval_normalized_score", steps, [double.NaN, 40, double.NaN, 60]) { ShowMarkers = true, YLabel = "normalized score" },
        ];
        var chart = LearningCurveChart.Create(series, "IQL & friends", logY: true, yLabel: "loss");

        // A title row, then one panel per series in order.
        Assert.Equal(4, chart.Panels.Count);
        var panels = chart.Panels.Skip(1).ToArray();
        Assert.Equal(["value (log scale)", "policy", "eval_normalized_score (log scale)"], panels.Select(p => p.Axes.Title.Label.Text));
        Assert.Equal([-0.0, -1, -2, -3], Points(panels[0]).Select(p => Math.Round(p.Y, 12))); // log10 of the values
        Assert.Equal([2.0, 1, -0.5, -1], Points(panels[1]).Select(p => p.Y)); // a non-positive value keeps the panel linear
        Assert.Equal([(200.0, Math.Log10(40)), (400, Math.Log10(60))], Points(panels[2]).Select(p => (p.X, p.Y))); // NaN rows dropped
        var lines = panels.Select(p => p.GetPlottables().OfType<Scatter>().Single()).ToArray();
        Assert.Equal([0f, 0, 7], lines.Select(l => l.MarkerSize));
        Assert.Equal([LinePattern.Solid, LinePattern.Dashed, LinePattern.Solid], lines.Select(l => l.LinePattern));
        Assert.Equal(["loss", "loss", "normalized score"], panels.Select(p => p.Axes.Left.Label.Text));
        Assert.Equal(["", "", "step"], panels.Select(p => p.Axes.Bottom.Label.Text));
        Assert.Equal(["value", "policy", "eval_normalized_score"], chart.Panels[0].Legend.ManualItems.Select(i => i.LabelText));

        var (png, texts) = ChartFiles.SaveBoth(chart, "curves");
        Assert.Equal((LearningCurveChart.Width, 72 + (3 * 200) + 22), (png.Width, png.Height));
        Assert.Contains("IQL & friends", texts);
        Assert.Contains("value (log scale)", texts);
        Assert.Contains("normalized score", texts);
        Assert.Contains("0.01", texts); // a decade tick of the log axis, labelled in data units
        Assert.Equal(4, texts.Count(t => t == "eval_normalized_score" || t == "value" || t == "policy")); // the legend, and the linear panel's title
        Assert.True(ChartFiles.CountColor(png, "#59a14f") > 50, "the third series' color is missing from the PNG");
    }

    [Fact]
    public void Learning_curves_need_a_series()
    {
        Assert.Throws<ArgumentException>(() => LearningCurveChart.Create([], "t"));
    }

    [Fact]
    public void Histograms_draw_one_bar_per_filled_bin_share_a_log_axis_and_note_values_out_of_range()
    {
        var a = Histogram.Create("β = 1", [0.001, 0.01, 0.01, 0.1, 1, 10], binCount: 4, min: 0.001, max: 10, logScale: true);
        var b = Histogram.Create("β = 3", [0.0001, 0.5, 2, 50], binCount: 4, min: 0.001, max: 10, logScale: true);
        var chart = HistogramChart.Create([a, b], "weights", "w (log scale)", "fraction of rows");

        var panels = chart.Panels.Skip(1).ToArray();
        Assert.Equal(["β = 1", "β = 3"], panels.Select(p => p.Axes.Title.Label.Text));
        var bars = panels.Select(p => p.GetPlottables().OfType<BarPlot>().Single().Bars).ToArray();
        Assert.Equal([1 / 6.0, 2 / 6.0, 1 / 6.0, 2 / 6.0], bars[0].Select(x => x.Value), new ToleranceComparer(1e-12));
        Assert.Equal([0.25, 0.25, 0.5], bars[1].Select(x => x.Value), new ToleranceComparer(1e-12)); // 1e-4 counted in the first bin, 50 in the last
        Assert.Equal([-2.5, -1.5, -0.5, 0.5], bars[0].Select(x => Math.Round(x.Position, 12))); // bin centres in log10 units
        var note = panels[1].GetPlottables().OfType<Annotation>().Single().Text;
        Assert.Equal("1 below 0.001 in the first bar; 1 above 10 in the last bar", note);
        Assert.Empty(panels[0].GetPlottables().OfType<Annotation>());
        Assert.All(panels, p => Assert.Equal((-3.0, 1.0), (p.Axes.GetLimits().Left, p.Axes.GetLimits().Right)));

        var (png, texts) = ChartFiles.SaveBoth(chart, "histograms");
        Assert.Contains("weights", texts);
        Assert.Contains("w (log scale)", texts);
        Assert.Contains(note, texts);
        Assert.Contains("0.01", texts);
        Assert.True(ChartFiles.CountColor(png, "#f28e2b") > 200, "the second panel's bars are missing from the PNG");
    }

    [Fact]
    public void Histograms_refuse_a_mix_of_log_and_linear_bins_and_an_empty_list()
    {
        var log = Histogram.Create("log", [1, 10], logScale: true);
        var linear = Histogram.Create("lin", [1, 2]);
        Assert.Throws<ArgumentException>(() => HistogramChart.Create([log, linear], "t", "x"));
        Assert.Throws<ArgumentException>(() => HistogramChart.Create([], "t", "x"));
    }

    [Fact]
    public void Save_writes_svg_or_png_by_extension_and_refuses_others()
    {
        var chart = HistogramChart.Create([Histogram.Create("h", [1, 2, 3])], "t", "x");
        var dir = ChartFiles.TempDir();
        chart.Save(Path.Combine(dir, "c.PNG"));
        var png = ChartFiles.DecodePng(Path.Combine(dir, "c.PNG"));
        Assert.Equal((chart.Width, chart.Height), (png.Width, png.Height));
        Assert.Throws<ArgumentException>(() => chart.Save(Path.Combine(dir, "c.jpg")));
        Assert.False(File.Exists(Path.Combine(dir, "c.jpg")));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
