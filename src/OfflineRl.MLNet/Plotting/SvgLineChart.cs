using System.Text;
using System.Xml;
using static OfflineRl.MLNet.Plotting.SvgDrawing;

namespace OfflineRl.MLNet.Plotting;

/// <summary>
/// Writes line charts as standalone SVG: <see cref="Render"/> stacks one small panel per series (learning curves, each with
/// its own y axis), <see cref="RenderOverlay"/> draws several series in one panel (sweeps, comparisons). No dependencies.
/// </summary>
public static class SvgLineChart
{
    private const double Width = 640;
    private const double PanelHeight = 170;
    private const double Left = 70;
    private const double Right = 30;
    private const double Top = 72;
    private const double PanelGap = 40;
    private const double Bottom = 40;
    private const double OverlayHeight = 300;

    /// <summary>Renders <paramref name="series"/> as SVG text, one panel per series sharing the x axis.</summary>
    /// <param name="series">The series (at least one).</param>
    /// <param name="title">The chart title.</param>
    /// <param name="logY">Use a log-10 y axis in panels whose finite values are all positive.</param>
    /// <param name="xLabel">The x-axis label.</param>
    /// <param name="yLabel">Optional y-axis label, written beside every panel whose series has no <see cref="LineSeries.YLabel"/> (each panel's title names its series).</param>
    /// <exception cref="ArgumentException">No series.</exception>
    public static string Render(IReadOnlyList<LineSeries> series, string title, bool logY = false, string xLabel = "step", string? yLabel = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(xLabel);
        if (series.Count == 0)
        {
            throw new ArgumentException("Nothing to plot: no series.", nameof(series));
        }

        var height = Top + (series.Count * (PanelHeight + PanelGap)) - PanelGap + Bottom;
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
        {
            Begin(w, Width, height, title);
            Legend(w, series.Select((s, i) => (s.Name, Color(i), s.Dashed)).ToList(), Left, Width - Right, 42);
            var (xMin, xMax) = AxisTicks.Range(series.SelectMany(s => s.X).Where(double.IsFinite).ToArray());
            for (var i = 0; i < series.Count; i++)
            {
                var top = Top + (i * (PanelHeight + PanelGap));
                var s = series[i];
                var points = FinitePoints(s);
                var log = logY && points.Length > 0 && points.All(p => p.Y > 0);
                var (yMin, yMax) = AxisTicks.Range(points.Select(p => log ? Math.Log10(p.Y) : p.Y).ToArray());
                var frame = new ChartFrame(Left, top, Width - Left - Right, PanelHeight, xMin, xMax, yMin, yMax, LogX: false, log);
                w.WriteStartElement("g");
                w.WriteAttributeString("class", "panel");
                w.WriteAttributeString("data-series", s.Name);
                DrawAxes(w, frame, i == series.Count - 1 ? xLabel : null, s.YLabel ?? yLabel);
                Text(w, Left + 4, top - 6, log ? $"{s.Name} (log scale)" : s.Name, "start", "12", "bold");
                DrawSeries(w, s, Color(i), frame);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        return sb.ToString();
    }

    /// <summary>Renders <paramref name="series"/> as SVG text, all in one panel with a legend and labelled axes.</summary>
    /// <param name="series">The series (at least one).</param>
    /// <param name="title">The chart title.</param>
    /// <param name="xLabel">The x-axis label.</param>
    /// <param name="yLabel">The y-axis label.</param>
    /// <param name="logX">Use a log-10 x axis (needs every finite x &gt; 0).</param>
    /// <param name="logY">Use a log-10 y axis (needs every finite y &gt; 0).</param>
    /// <exception cref="ArgumentException">No series, or a log axis over non-positive values.</exception>
    public static string RenderOverlay(IReadOnlyList<LineSeries> series, string title, string xLabel, string yLabel, bool logX = false, bool logY = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(xLabel);
        ArgumentNullException.ThrowIfNull(yLabel);
        if (series.Count == 0)
        {
            throw new ArgumentException("Nothing to plot: no series.", nameof(series));
        }

        var points = series.SelectMany(FinitePoints).ToArray();
        if (logX && points.Any(p => p.X <= 0))
        {
            throw new ArgumentException("A log x axis needs every x > 0.", nameof(logX));
        }

        if (logY && points.Any(p => p.Y <= 0))
        {
            throw new ArgumentException("A log y axis needs every y > 0.", nameof(logY));
        }

        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
        {
            // Lay the legend out first (it may wrap) so the panel starts below it.
            var legend = series.Select((s, i) => (s.Name, Color(i), s.Dashed)).ToList();
            var legendRows = LegendRows(legend.Select(e => e.Name).ToList(), Width - Right - Left);
            var top = 50 + (16 * legendRows) + 10;
            var height = top + OverlayHeight + 50;
            Begin(w, Width, height, title);
            Legend(w, legend, Left, Width - Right, 46);
            var (xMin, xMax) = AxisTicks.Range(points.Select(p => logX ? Math.Log10(p.X) : p.X).ToArray());
            var (yMin, yMax) = AxisTicks.Range(points.Select(p => logY ? Math.Log10(p.Y) : p.Y).ToArray());
            var pad = 0.05 * (yMax - yMin); // keep lines and markers off the frame
            var frame = new ChartFrame(Left, top, Width - Left - Right, OverlayHeight, xMin, xMax, yMin - pad, yMax + pad, logX, logY);
            w.WriteStartElement("g");
            w.WriteAttributeString("class", "panel");
            DrawAxes(w, frame, xLabel, yLabel);
            for (var i = 0; i < series.Count; i++)
            {
                DrawSeries(w, series[i], Color(i), frame);
            }

            w.WriteEndElement();
            w.WriteEndElement();
        }

        return sb.ToString();
    }

    private static int LegendRows(IReadOnlyList<string> names, double width)
    {
        var rows = 1;
        var x = 0.0;
        foreach (var name in names)
        {
            var w = 30 + (CharWidth * name.Length) + 14;
            if (x > 0 && x + w > width)
            {
                rows++;
                x = 0;
            }

            x += w;
        }

        return rows;
    }

    private static (double X, double Y)[] FinitePoints(LineSeries s) =>
        Enumerable.Range(0, Math.Min(s.X.Count, s.Y.Count))
            .Select(i => (X: s.X[i], Y: s.Y[i]))
            .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y))
            .ToArray();

    private static void DrawAxes(XmlWriter w, ChartFrame f, string? xLabel, string? yLabel)
    {
        Rect(w, f.Left, f.Top, f.Width, f.Height, "#fafafa", "#888");
        foreach (var t in f.LogY ? AxisTicks.Log(f.YMin, f.YMax) : AxisTicks.Linear(f.YMin, f.YMax, 4))
        {
            var y = f.PyRaw(t);
            Line(w, f.Left, y, f.Left + f.Width, y, "#e0e0e0", 1);
            Line(w, f.Left - 4, y, f.Left, y, "#444", 1);
            Text(w, f.Left - 6, y + 4, AxisTicks.Label(f.LogY ? Math.Pow(10, t) : t), "end");
        }

        foreach (var t in f.LogX ? AxisTicks.Log(f.XMin, f.XMax) : AxisTicks.Linear(f.XMin, f.XMax, 6))
        {
            var x = f.PxRaw(t);
            Line(w, x, f.Top + f.Height, x, f.Top + f.Height + 4, "#444", 1);
            Text(w, x, f.Top + f.Height + 15, AxisTicks.Label(f.LogX ? Math.Pow(10, t) : t), "middle");
        }

        if (xLabel is not null)
        {
            Text(w, f.Left + (f.Width / 2), f.Top + f.Height + 32, xLabel, "middle", "12");
        }

        if (yLabel is not null)
        {
            Text(w, 16, f.Top + (f.Height / 2), yLabel, "middle", "12", rotate: -90);
        }
    }

    private static void DrawSeries(XmlWriter w, LineSeries s, string color, ChartFrame f)
    {
        var points = FinitePoints(s).Where(p => (!f.LogX || p.X > 0) && (!f.LogY || p.Y > 0)).ToArray();
        w.WriteStartElement("polyline");
        w.WriteAttributeString("fill", "none");
        w.WriteAttributeString("stroke", color);
        w.WriteAttributeString("stroke-width", "1.8");
        if (s.Dashed)
        {
            w.WriteAttributeString("stroke-dasharray", "6 4");
        }

        w.WriteAttributeString("data-series", s.Name);
        w.WriteAttributeString("points", string.Join(' ', points.Select(p => $"{F(f.Px(p.X))},{F(f.Py(p.Y))}")));
        w.WriteEndElement();
        if (s.ShowMarkers)
        {
            foreach (var p in points)
            {
                Circle(w, f.Px(p.X), f.Py(p.Y), 3, color);
            }
        }
    }
}
