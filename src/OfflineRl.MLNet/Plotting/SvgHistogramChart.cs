using System.Globalization;
using System.Text;
using System.Xml;
using static OfflineRl.MLNet.Plotting.SvgDrawing;

namespace OfflineRl.MLNet.Plotting;

/// <summary>
/// Writes histograms as standalone SVG: one panel per <see cref="Histogram"/>, stacked, sharing the x axis (log-10 when the
/// histograms are log-scale), each bar's height the fraction of that panel's values. Values that fell outside the range
/// are noted on the panel.
/// </summary>
public static class SvgHistogramChart
{
    private const double Width = 640;
    private const double PanelHeight = 130;
    private const double Left = 70;
    private const double Right = 30;
    private const double Top = 50;
    private const double PanelGap = 38;
    private const double Bottom = 44;

    /// <summary>Renders <paramref name="histograms"/> as SVG text.</summary>
    /// <param name="histograms">The panels (at least one; all log-scale or all linear).</param>
    /// <param name="title">The chart title.</param>
    /// <param name="xLabel">The x-axis label (the binned quantity).</param>
    /// <param name="yLabel">The y-axis label of each panel.</param>
    /// <exception cref="ArgumentException">No histograms, or a mix of log-scale and linear ones.</exception>
    public static string Render(IReadOnlyList<Histogram> histograms, string title, string xLabel, string yLabel = "fraction")
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
        var height = Top + (histograms.Count * (PanelHeight + PanelGap)) - PanelGap + Bottom;
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
        {
            Begin(w, Width, height, title);
            for (var i = 0; i < histograms.Count; i++)
            {
                var h = histograms[i];
                var top = Top + (i * (PanelHeight + PanelGap));
                var yMax = Enumerable.Range(0, h.BinCount).Max(h.Fraction);
                var frame = new ChartFrame(Left, top, Width - Left - Right, PanelHeight, xMin, xMax, 0, yMax <= 1 ? Math.Min(AxisTicks.NiceCeiling(yMax, 4), 1) : AxisTicks.NiceCeiling(yMax, 4), log, LogY: false);
                w.WriteStartElement("g");
                w.WriteAttributeString("class", "panel");
                w.WriteAttributeString("data-histogram", h.Name);
                DrawPanel(w, h, frame, Color(i), i == histograms.Count - 1 ? xLabel : null, yLabel);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        return sb.ToString();
    }

    private static void DrawPanel(XmlWriter w, Histogram h, ChartFrame f, string color, string? xLabel, string yLabel)
    {
        Rect(w, f.Left, f.Top, f.Width, f.Height, "#fafafa", "#888");
        Text(w, f.Left + 4, f.Top - 6, h.Name, "start", "12", "bold");
        var notes = new List<string>();
        if (h.BelowRange > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{h.BelowRange} below {AxisTicks.Label(h.Edges[0])} in the first bar"));
        }

        if (h.AboveRange > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{h.AboveRange} above {AxisTicks.Label(h.Edges[^1])} in the last bar"));
        }

        if (notes.Count > 0)
        {
            Text(w, f.Left + f.Width, f.Top - 6, string.Join("; ", notes), "end", fill: "#666");
        }

        foreach (var t in AxisTicks.Linear(f.YMin, f.YMax, 4))
        {
            var y = f.PyRaw(t);
            Line(w, f.Left, y, f.Left + f.Width, y, "#e0e0e0", 1);
            Line(w, f.Left - 4, y, f.Left, y, "#444", 1);
            Text(w, f.Left - 6, y + 4, AxisTicks.Label(t), "end");
        }

        for (var b = 0; b < h.BinCount; b++)
        {
            var fraction = h.Fraction(b);
            if (fraction <= 0)
            {
                continue;
            }

            var x0 = f.Px(h.Edges[b]);
            var x1 = f.Px(h.Edges[b + 1]);
            var y = f.PyRaw(fraction);
            w.WriteStartElement("rect");
            w.WriteAttributeString("class", "bar");
            w.WriteAttributeString("x", F(x0 + 0.5));
            w.WriteAttributeString("y", F(y));
            w.WriteAttributeString("width", F(Math.Max(1, x1 - x0 - 1)));
            w.WriteAttributeString("height", F(f.Top + f.Height - y));
            w.WriteAttributeString("fill", color);
            w.WriteAttributeString("data-count", h.Counts[b].ToString(CultureInfo.InvariantCulture));
            w.WriteEndElement();
        }

        foreach (var t in f.LogX ? AxisTicks.Log(f.XMin, f.XMax) : AxisTicks.Linear(f.XMin, f.XMax, 6))
        {
            var x = f.PxRaw(t);
            Line(w, x, f.Top + f.Height, x, f.Top + f.Height + 4, "#444", 1);
            Text(w, x, f.Top + f.Height + 15, AxisTicks.Label(f.LogX ? Math.Pow(10, t) : t), "middle");
        }

        if (xLabel is not null)
        {
            Text(w, f.Left + (f.Width / 2), f.Top + f.Height + 34, xLabel, "middle", "12");
        }

        Text(w, 18, f.Top + (f.Height / 2), yLabel, "middle", "12", rotate: -90);
    }
}
