using System.Globalization;
using System.Text;
using System.Xml;

namespace OfflineRl.Cli.Plotting;

/// <summary>
/// Writes learning curves as a standalone SVG: one small panel per series stacked vertically, each with its own y axis
/// (linear or log), a shared step axis, tick labels, a title and a legend. NaN points are skipped; a series with such gaps
/// and at most 40 points (evaluation scores logged every N steps), or with at most 20 points, also gets a dot per point.
/// No dependencies.
/// </summary>
public static class SvgLineChart
{
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    private const double Width = 640;
    private const double PanelHeight = 170;
    private const double Left = 70;
    private const double Right = 30;
    private const double Top = 72;
    private const double PanelGap = 40;
    private const double Bottom = 40;
    private const int MaxMarkedPoints = 40;

    /// <summary>Renders <paramref name="series"/> as SVG text.</summary>
    /// <param name="series">The series (at least one).</param>
    /// <param name="title">The chart title.</param>
    /// <param name="logY">Use a log-10 y axis in panels whose finite values are all positive.</param>
    /// <param name="xLabel">The x-axis label.</param>
    public static string Render(IReadOnlyList<LineSeries> series, string title, bool logY = false, string xLabel = "step")
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(title);
        if (series.Count == 0)
        {
            throw new ArgumentException("Nothing to plot: no series.", nameof(series));
        }

        var height = Top + (series.Count * (PanelHeight + PanelGap)) - PanelGap + Bottom;
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
        {
            w.WriteStartElement("svg", "http://www.w3.org/2000/svg");
            w.WriteAttributeString("width", F(Width));
            w.WriteAttributeString("height", F(height));
            w.WriteAttributeString("viewBox", $"0 0 {F(Width)} {F(height)}");
            w.WriteAttributeString("font-family", "sans-serif");
            w.WriteAttributeString("font-size", "11");
            Rect(w, 0, 0, Width, height, "white", "none");
            Text(w, Width / 2, 20, title, "middle", "14", "bold");
            WriteLegend(w, series);

            var xs = series.SelectMany(s => s.X).Where(double.IsFinite).ToArray();
            var (xMin, xMax) = Range(xs);
            for (var i = 0; i < series.Count; i++)
            {
                var top = Top + (i * (PanelHeight + PanelGap));
                WritePanel(w, series[i], Palette[i % Palette.Length], top, xMin, xMax, logY, i == series.Count - 1 ? xLabel : null);
            }

            w.WriteEndElement();
        }

        return sb.ToString();
    }

    private static void WriteLegend(XmlWriter w, IReadOnlyList<LineSeries> series)
    {
        w.WriteStartElement("g");
        w.WriteAttributeString("class", "legend");
        var x = Left;
        for (var i = 0; i < series.Count; i++)
        {
            Line(w, x, 38, x + 18, 38, Palette[i % Palette.Length], 2.5);
            Text(w, x + 22, 42, series[i].Name, "start");
            x += 40 + (7 * series[i].Name.Length);
        }

        w.WriteEndElement();
    }

    private static void WritePanel(XmlWriter w, LineSeries s, string color, double top, double xMin, double xMax, bool logY, string? xLabel)
    {
        var plotWidth = Width - Left - Right;
        var points = Enumerable.Range(0, Math.Min(s.X.Count, s.Y.Count))
            .Select(i => (X: s.X[i], Y: s.Y[i]))
            .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y))
            .ToArray();
        var log = logY && points.Length > 0 && points.All(p => p.Y > 0);
        var ys = points.Select(p => log ? Math.Log10(p.Y) : p.Y).ToArray();
        var (yMin, yMax) = Range(ys);
        double Px(double x) => Left + ((x - xMin) / (xMax - xMin) * plotWidth);
        double Py(double y) => top + PanelHeight - ((y - yMin) / (yMax - yMin) * PanelHeight);

        w.WriteStartElement("g");
        w.WriteAttributeString("class", "panel");
        w.WriteAttributeString("data-series", s.Name);
        Rect(w, Left, top, plotWidth, PanelHeight, "#fafafa", "#888");
        Text(w, Left + 4, top - 6, log ? $"{s.Name} (log scale)" : s.Name, "start", "12", "bold");

        foreach (var t in log ? LogTicks(yMin, yMax) : Ticks(yMin, yMax, 4))
        {
            var y = Py(t);
            Line(w, Left, y, Left + plotWidth, y, "#e0e0e0", 1);
            Line(w, Left - 4, y, Left, y, "#444", 1);
            Text(w, Left - 6, y + 4, Label(log ? Math.Pow(10, t) : t), "end");
        }

        foreach (var t in Ticks(xMin, xMax, 6))
        {
            var x = Px(t);
            Line(w, x, top + PanelHeight, x, top + PanelHeight + 4, "#444", 1);
            Text(w, x, top + PanelHeight + 15, Label(t), "middle");
        }

        if (xLabel is not null)
        {
            Text(w, Left + (plotWidth / 2), top + PanelHeight + 32, xLabel, "middle", "12");
        }

        w.WriteStartElement("polyline");
        w.WriteAttributeString("fill", "none");
        w.WriteAttributeString("stroke", color);
        w.WriteAttributeString("stroke-width", "1.8");
        w.WriteAttributeString("data-series", s.Name);
        w.WriteAttributeString("points", string.Join(' ', points.Select((p, i) => $"{F(Px(p.X))},{F(Py(ys[i]))}")));
        w.WriteEndElement();
        if (points.Length <= MaxMarkedPoints && (points.Length < s.Y.Count || points.Length <= 20))
        {
            // Sparse series (an evaluation every N steps, blank in between) and short ones get a dot per point, so a single value still shows.
            for (var i = 0; i < points.Length; i++)
            {
                w.WriteStartElement("circle");
                w.WriteAttributeString("cx", F(Px(points[i].X)));
                w.WriteAttributeString("cy", F(Py(ys[i])));
                w.WriteAttributeString("r", "3");
                w.WriteAttributeString("fill", color);
                w.WriteAttributeString("data-series", s.Name);
                w.WriteEndElement();
            }
        }

        w.WriteEndElement();
    }

    private static (double Min, double Max) Range(double[] values)
    {
        if (values.Length == 0)
        {
            return (0, 1);
        }

        var min = values.Min();
        var max = values.Max();
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max)))
        {
            var pad = Math.Max(Math.Abs(max) * 0.05, 1e-3);
            return (min - pad, max + pad);
        }

        return (min, max);
    }

    /// <summary>"Nice" tick values (1, 2, 5 × 10ᵏ steps) inside [min, max].</summary>
    private static IEnumerable<double> Ticks(double min, double max, int target)
    {
        var raw = (max - min) / target;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        for (var t = Math.Ceiling(min / step) * step; t <= max + (step * 1e-9); t += step)
        {
            yield return Math.Abs(t) < step * 1e-9 ? 0 : t;
        }
    }

    /// <summary>Log-axis ticks (in log10 units) at 1, 2, 5 × 10ᵏ, or only at decades when that gives too many.</summary>
    private static IEnumerable<double> LogTicks(double min, double max)
    {
        var coarse = LogTicks(min, max, [1.0, 2.0, 5.0]);
        return coarse.Count >= 2 ? coarse : LogTicks(min, max, [1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0]);
    }

    private static List<double> LogTicks(double min, double max, double[] mantissas)
    {
        var all = new List<double>();
        for (var k = Math.Floor(min); k <= Math.Ceiling(max); k++)
        {
            foreach (var m in mantissas)
            {
                var t = k + Math.Log10(m);
                if (t >= min - 1e-9 && t <= max + 1e-9)
                {
                    all.Add(t);
                }
            }
        }

        var decades = all.Where(t => Math.Abs(t - Math.Round(t)) < 1e-9).ToList();
        return all.Count <= 6 ? all : decades.Count >= 2 ? decades : all.Where((_, i) => i % 2 == 0).ToList();
    }

    private static string Label(double v) =>
        v == 0 ? "0" : Math.Abs(v) is >= 1e5 or < 1e-3 ? v.ToString("0.##e0", CultureInfo.InvariantCulture) : v.ToString("0.####", CultureInfo.InvariantCulture);

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static void Rect(XmlWriter w, double x, double y, double width, double height, string fill, string stroke)
    {
        w.WriteStartElement("rect");
        w.WriteAttributeString("x", F(x));
        w.WriteAttributeString("y", F(y));
        w.WriteAttributeString("width", F(width));
        w.WriteAttributeString("height", F(height));
        w.WriteAttributeString("fill", fill);
        w.WriteAttributeString("stroke", stroke);
        w.WriteEndElement();
    }

    private static void Line(XmlWriter w, double x1, double y1, double x2, double y2, string stroke, double width)
    {
        w.WriteStartElement("line");
        w.WriteAttributeString("x1", F(x1));
        w.WriteAttributeString("y1", F(y1));
        w.WriteAttributeString("x2", F(x2));
        w.WriteAttributeString("y2", F(y2));
        w.WriteAttributeString("stroke", stroke);
        w.WriteAttributeString("stroke-width", F(width));
        w.WriteEndElement();
    }

    private static void Text(XmlWriter w, double x, double y, string text, string anchor, string? size = null, string? weight = null)
    {
        w.WriteStartElement("text");
        w.WriteAttributeString("x", F(x));
        w.WriteAttributeString("y", F(y));
        w.WriteAttributeString("text-anchor", anchor);
        if (size is not null)
        {
            w.WriteAttributeString("font-size", size);
        }

        if (weight is not null)
        {
            w.WriteAttributeString("font-weight", weight);
        }

        w.WriteString(text);
        w.WriteEndElement();
    }
}
