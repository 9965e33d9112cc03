using OfflineRl.MLNet.Plotting;
using ScottPlot;

namespace OfflineRl.MLNet.Charts;

/// <summary>
/// Learning curves: one panel per series (each with its own y axis, log-10 where asked and possible) stacked over a shared
/// step axis, under a title and a legend naming every series.
/// </summary>
public static class LearningCurveChart
{
    /// <summary>Width of the chart in pixels.</summary>
    public const int Width = 800;

    private const int HeaderHeight = 72;
    private const int PanelHeight = 200;
    private const int XLabelHeight = 22;

    /// <summary>Draws <paramref name="series"/>, one panel each, sharing the x axis.</summary>
    /// <param name="series">The series (at least one); NaN or infinite points are left out (a column logged every N steps keeps its points).</param>
    /// <param name="title">The chart title.</param>
    /// <param name="logY">Use a log-10 y axis in panels whose finite values are all positive (the others stay linear).</param>
    /// <param name="xLabel">The x-axis label, under the last panel.</param>
    /// <param name="yLabel">Optional y-axis label of every panel whose series has no <see cref="LineSeries.YLabel"/>.</param>
    /// <exception cref="ArgumentException">No series.</exception>
    public static Chart Create(IReadOnlyList<LineSeries> series, string title, bool logY = false, string xLabel = "step", string? yLabel = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(xLabel);
        if (series.Count == 0)
        {
            throw new ArgumentException("Nothing to plot: no series.", nameof(series));
        }

        var legend = series.Select((s, i) => LegendEntry(s, ChartStyle.Color(i))).ToList();
        var legendRows = ChartStyle.LegendRows(series.Select(s => s.Name), Width);
        var rows = new List<(Plot, int)> { (ChartStyle.Header(title, legend), HeaderHeight + (22 * (legendRows - 1))) };
        var points = series.Select(FinitePoints).ToArray();
        var (xMin, xMax) = ChartStyle.Range(points.SelectMany(p => p.Select(q => q.X)).ToArray(), pad: 0.01);
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var last = i == series.Count - 1;
            var log = logY && points[i].Length > 0 && points[i].All(p => p.Y > 0);
            var panel = ChartStyle.Panel(top: 34, bottom: last ? 30 + XLabelHeight : 30);
            panel.Title(log ? $"{s.Name} (log scale)" : s.Name, size: 13);
            if ((s.YLabel ?? yLabel) is { } label)
            {
                panel.YLabel(label, size: 13);
            }

            if (last)
            {
                panel.XLabel(xLabel, size: 13);
            }

            var ys = points[i].Select(p => log ? Math.Log10(p.Y) : p.Y).ToArray();
            if (ys.Length > 0)
            {
                var line = panel.Add.Scatter(points[i].Select(p => p.X).ToArray(), ys, ChartStyle.Color(i));
                Style(line, s);
                panel.HideLegend(); // the header's legend names every series
            }

            var (yMin, yMax) = ChartStyle.Range(ys, pad: 0.06);
            panel.Axes.SetLimits(xMin, xMax, yMin, yMax);
            ChartStyle.LinearLabels(panel.Axes.Bottom);
            if (log)
            {
                ChartStyle.LogAxis(panel.Axes.Left, yMin, yMax);
            }
            else
            {
                ChartStyle.LinearLabels(panel.Axes.Left);
            }

            rows.Add((panel, PanelHeight + (last ? XLabelHeight : 0)));
        }

        return ChartStyle.Stack(title, rows, Width);
    }

    private static void Style(ScottPlot.Plottables.Scatter line, LineSeries s)
    {
        line.LegendText = s.Name;
        line.LineWidth = 2;
        line.MarkerSize = s.ShowMarkers ? 7 : 0;
        line.LinePattern = s.Dashed ? LinePattern.Dashed : LinePattern.Solid;
    }

    private static LegendItem LegendEntry(LineSeries s, Color color) => new()
    {
        LabelText = s.Name,
        LineColor = color,
        LineWidth = 2,
        LinePattern = s.Dashed ? LinePattern.Dashed : LinePattern.Solid,
        MarkerShape = s.ShowMarkers ? MarkerShape.FilledCircle : MarkerShape.None,
        MarkerFillColor = color,
        MarkerLineColor = color,
        MarkerSize = s.ShowMarkers ? 7 : 0,
    };

    private static (double X, double Y)[] FinitePoints(LineSeries s) =>
        Enumerable.Range(0, Math.Min(s.X.Count, s.Y.Count))
            .Select(i => (X: s.X[i], Y: s.Y[i]))
            .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y))
            .ToArray();
}
