using System.Globalization;
using System.Xml.Linq;
using OfflineRl.MLNet.Plotting;

namespace OfflineRl.MLNet.Tests.Plotting;

public sealed class SvgChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XDocument SaveAndRender(string svg, string name)
    {
        var path = Path.Combine(SvgPng.TempDir(), name + ".svg");
        File.WriteAllText(path, svg);
        SvgPng.Render(path);
        return XDocument.Parse(svg);
    }

    private static List<string> Texts(XDocument doc) => doc.Descendants(Svg + "text").Select(t => t.Value).ToList();

    [Fact]
    public void Overlay_draws_every_series_in_one_panel_with_markers_dashes_and_labelled_axes()
    {
        double[] tau = [0.5, 0.7, 0.9, 0.99];
        var chart = SvgLineChart.RenderOverlay(
        [
            new LineSeries("learned V", tau, [5.3, 6.1, 7.2, 7.9]) { ShowMarkers = true },
            new LineSeries("max Q", [0.5, 0.99], [8, 8]) { Dashed = true },
        ], "Expectile sweep", "expectile τ", "V(s)");
        var doc = SaveAndRender(chart, "overlay");
        Assert.Single(doc.Descendants(Svg + "g"), g => (string?)g.Attribute("class") == "panel");
        var lines = doc.Descendants(Svg + "polyline").ToList();
        Assert.Equal(["learned V", "max Q"], lines.Select(p => (string)p.Attribute("data-series")!));
        Assert.Equal("6 4", (string?)lines[1].Attribute("stroke-dasharray"));
        Assert.Equal(4, doc.Descendants(Svg + "circle").Count());
        Assert.Contains("expectile τ", Texts(doc));
        Assert.Contains("V(s)", Texts(doc));
    }

    [Fact]
    public void Overlay_log_x_puts_ticks_at_decades_and_refuses_non_positive_x()
    {
        var chart = SvgLineChart.RenderOverlay([new LineSeries("ess", [0.01, 0.1, 1, 10], [1, 0.8, 0.4, 0.2])], "t", "β", "fraction", logX: true);
        var texts = Texts(SaveAndRender(chart, "logx"));
        Assert.Contains("0.01", texts);
        Assert.Contains("10", texts);
        Assert.Throws<ArgumentException>(() => SvgLineChart.RenderOverlay([new LineSeries("s", [0, 1], [1, 2])], "t", "x", "y", logX: true));
    }

    [Fact]
    public void Histogram_chart_draws_one_panel_per_histogram_and_bars_that_add_up_to_the_counts()
    {
        var random = new Random(3);
        var a = Histogram.Create("β = 1", Enumerable.Range(0, 500).Select(_ => Math.Exp(random.NextDouble() * 6 - 4)), 20, 1e-3, 100, logScale: true);
        var b = Histogram.Create("β = 3", Enumerable.Range(0, 500).Select(_ => Math.Exp(random.NextDouble() * 18 - 12)), 20, 1e-3, 100, logScale: true);
        var doc = SaveAndRender(SvgHistogramChart.Render([a, b], "weights", "w (log scale)", "fraction of rows"), "hist");
        var panels = doc.Descendants(Svg + "g").Where(g => g.Attribute("data-histogram") is not null).ToList();
        Assert.Equal(["β = 1", "β = 3"], panels.Select(p => (string)p.Attribute("data-histogram")!));
        foreach (var (panel, h) in panels.Zip([a, b]))
        {
            var counts = panel.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == "bar")
                .Sum(r => int.Parse((string)r.Attribute("data-count")!, CultureInfo.InvariantCulture));
            Assert.Equal(h.Total, counts);
        }

        var texts = Texts(doc);
        Assert.Contains($"{b.BelowRange} below 0.001 in the first bar; {b.AboveRange} above 100 in the last bar", texts);
        Assert.Contains("w (log scale)", texts);
        Assert.Equal(2, texts.Count(t => t == "fraction of rows"));
        Assert.Throws<ArgumentException>(() => SvgHistogramChart.Render([a, Histogram.Create("lin", [1, 2])], "t", "x"));
    }

    [Fact]
    public void Bar_chart_heights_are_proportional_and_long_labels_are_turned()
    {
        BarValue[] bars = [new("BC", 0), new("Filtered BC 10%", 10), new("IQL", 90, 10)];
        var doc = SaveAndRender(SvgBarChart.Render(bars, "Success", "success rate (%)", yMax: 100, valueFormat: "0'%'"), "bars");
        var rects = doc.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == "bar").ToList();
        Assert.Equal(["BC", "Filtered BC 10%", "IQL"], rects.Select(r => (string)r.Attribute("data-label")!));
        double H(XElement r) => double.Parse((string)r.Attribute("height")!, CultureInfo.InvariantCulture);
        Assert.Equal(0, H(rects[0]));
        Assert.Equal(9, H(rects[2]) / H(rects[1]), 2);
        Assert.Contains("90%", Texts(doc));
        Assert.Contains("success rate (%)", Texts(doc));

        var crowded = XDocument.Parse(SvgBarChart.Render(
            Enumerable.Range(0, 8).Select(i => new BarValue($"MountainCarContinuous-v0 #{i}", i)).ToArray(), "t", "y"));
        Assert.All(crowded.Descendants(Svg + "text").Where(t => t.Value.StartsWith("MountainCar", StringComparison.Ordinal)),
            t => Assert.StartsWith("rotate(", (string?)t.Attribute("transform"), StringComparison.Ordinal));
    }
}
