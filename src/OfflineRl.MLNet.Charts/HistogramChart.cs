using System.Globalization;
using OfflineRl.MLNet.Plotting;
using ScottPlot;

namespace OfflineRl.MLNet.Charts;

/// <summary>
/// Histograms: one panel per <see cref="Histogram"/>, stacked over a shared x axis (log-10 when the histograms are
/// log-scale), each bar's height the fraction of that panel's values. Values that fell outside the range are noted on the panel.
/// </summary>
public static class HistogramChart
{
    /// <summary>Width of the chart in pixels.</summary>
    public const int Width = 800;

    private const int HeaderHeight = 46;
    private const int PanelHeight = 170;
    private const int XLabelHeight = 22;

    /// <summary>Draws <paramref name="histograms"/>, one panel each.</summary>
    /// <param name="histograms">The panels (at least one; all log-scale or all linear).</param>
    /// <param name="title">The chart title.</param>
    /// <param name="xLabel">The x-axis label (the binned quantity), under the last panel.</param>
    /// <param name="yLabel">The y-axis label of each panel.</param>
    /// <exception cref="ArgumentException">No histograms, or a mix of log-scale and linear ones.</exception>
    public static Chart Create(IReadOnlyList<Histogram> histograms, string title, string xLabel, string yLabel = "fraction")
    {
        ArgumentNullException.ThrowIfNull(histograms);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(xLabel);
        ArgumentNullException.ThrowIfNull(yLabel);
        if (histograms.Count == 0)
        {
            throw new ArgumentException("Nothing to plot: no histograms.", nameof(histograms));
        }

        var log = histograms[0].LogScale;
        if (histograms.Any(h => h.LogScale != log))
        {
            throw new ArgumentException("Histograms in one chart must all be log-scale or all linear.", nameof(histograms));
        }

        double Scale(double v) => log ? Math.Log10(v) : v;
        var xMin = histograms.Min(h => Scale(h.Edges[0]));
        var xMax = histograms.Max(h => Scale(h.Edges[^1]));
        var rows = new List<(Plot, int)> { (ChartStyle.Header(title, []), HeaderHeight) };
        for (var i = 0; i < histograms.Count; i++)
        {
            var h = histograms[i];
            var last = i == histograms.Count - 1;
            var panel = ChartStyle.Panel(top: 30, bottom: last ? 30 + XLabelHeight : 30);
            panel.Title(h.Name, size: 13);
            panel.YLabel(yLabel, size: 13);
            if (last)
            {
                panel.XLabel(xLabel, size: 13);
            }

            var bars = Enumerable.Range(0, h.BinCount).Where(b => h.Counts[b] > 0).Select(b =>
            {
                var (x0, x1) = (Scale(h.Edges[b]), Scale(h.Edges[b + 1]));
                return new Bar
                {
                    Position = (x0 + x1) / 2,
                    Size = (x1 - x0) * 0.9,
                    Value = h.Fraction(b),
                    FillColor = ChartStyle.Color(i),
                    LineWidth = 0,
                };
            }).ToArray();
            panel.Add.Bars(bars);
            if (Note(h) is { } note)
            {
                var annotation = panel.Add.Annotation(note, Alignment.UpperRight);
                annotation.LabelStyle.FontName = ChartStyle.FontName;
                annotation.LabelStyle.FontSize = 12;
                annotation.LabelStyle.BackgroundColor = Colors.White.WithAlpha(0.85);
                annotation.LabelStyle.BorderColor = Colors.Gray;
                annotation.LabelStyle.ShadowColor = Colors.Transparent;
            }

            var top = Enumerable.Range(0, h.BinCount).Max(h.Fraction);
            panel.Axes.SetLimits(xMin, xMax, 0, Math.Min(1, top * 1.12));
            ChartStyle.LinearLabels(panel.Axes.Left);
            if (log)
            {
                ChartStyle.LogAxis(panel.Axes.Bottom, xMin, xMax);
            }
            else
            {
                ChartStyle.LinearLabels(panel.Axes.Bottom);
            }

            rows.Add((panel, PanelHeight + (last ? XLabelHeight : 0)));
        }

        return ChartStyle.Stack(title, rows, Width);
    }

    private static string? Note(Histogram h)
    {
        var notes = new List<string>();
        if (h.BelowRange > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{h.BelowRange} below {ChartStyle.Label(h.Edges[0])} in the first bar"));
        }

        if (h.AboveRange > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{h.AboveRange} above {ChartStyle.Label(h.Edges[^1])} in the last bar"));
        }

        return notes.Count == 0 ? null : string.Join("; ", notes);
    }
}
