using System.Globalization;
using System.Text;
using System.Xml;
using static OfflineRl.MLNet.Plotting.SvgDrawing;

namespace OfflineRl.MLNet.Plotting;

/// <summary>
/// Writes a bar chart as standalone SVG: one bar per category with its value printed above it, optional error bars, a
/// labelled y axis starting at zero. Long category labels are turned so they do not overlap.
/// </summary>
public static class SvgBarChart
{
    private const double Width = 640;
    private const double PlotHeight = 260;
    private const double Left = 70;
    private const double Right = 30;
    private const double Top = 50;

    /// <summary>Renders <paramref name="bars"/> as SVG text.</summary>
    /// <param name="bars">The bars (at least one; finite values).</param>
    /// <param name="title">The chart title.</param>
    /// <param name="yLabel">The y-axis label.</param>
    /// <param name="yMax">Top of the y axis; default: a round number above the tallest bar.</param>
    /// <param name="valueFormat">.NET format of the value printed above each bar.</param>
    /// <param name="xLabel">Optional label under the category axis.</param>
    /// <param name="distinctColors">One color per bar (categories such as algorithms); false draws every bar in the first color (repeats such as episodes).</param>
    /// <exception cref="ArgumentException">No bars, or a non-finite value.</exception>
    public static string Render(IReadOnlyList<BarValue> bars, string title, string yLabel, double? yMax = null, string valueFormat = "0.##",
        string? xLabel = null, bool distinctColors = true)
    {
        ArgumentNullException.ThrowIfNull(bars);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(yLabel);
        if (bars.Count == 0)
        {
            throw new ArgumentException("Nothing to plot: no bars.", nameof(bars));
        }

        var bad = bars.FirstOrDefault(b => !double.IsFinite(b.Value) || (b.Error is { } e && !double.IsFinite(e)));
        if (bad is not null)
        {
            throw new ArgumentException($"Bar '{bad.Label}' has a non-finite value.", nameof(bars));
        }

        var plotWidth = Width - Left - Right;
        var slot = plotWidth / bars.Count;
        var turn = bars.Any(b => CharWidth * b.Label.Length > slot - 6);
        var labelDepth = turn ? 14 + (CharWidth * 0.7 * bars.Max(b => b.Label.Length)) : 20;
        var height = Top + PlotHeight + labelDepth + 10 + (xLabel is null ? 0 : 20);
        var top = Math.Max(bars.Max(b => b.Value + (b.Error ?? 0)), 0);
        var yTop = yMax ?? AxisTicks.NiceCeiling(top, 5);
        var yBottom = Math.Min(0, bars.Min(b => b.Value - (b.Error ?? 0)));
        var frame = new ChartFrame(Left, Top, plotWidth, PlotHeight, 0, bars.Count, yBottom, yTop, LogX: false, LogY: false);
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
        {
            Begin(w, Width, height, title);
            Rect(w, frame.Left, frame.Top, frame.Width, frame.Height, "#fafafa", "#888");
            foreach (var tick in AxisTicks.Linear(yBottom, yTop, 5))
            {
                var y = frame.PyRaw(tick);
                Line(w, frame.Left, y, frame.Left + frame.Width, y, "#e0e0e0", 1);
                Line(w, frame.Left - 4, y, frame.Left, y, "#444", 1);
                Text(w, frame.Left - 6, y + 4, AxisTicks.Label(tick), "end");
            }

            Text(w, 18, frame.Top + (frame.Height / 2), yLabel, "middle", "12", rotate: -90);
            var barWidth = Math.Min(80, slot * 0.6);
            for (var i = 0; i < bars.Count; i++)
            {
                var bar = bars[i];
                var center = frame.PxRaw(i + 0.5);
                var y0 = frame.PyRaw(0);
                var y1 = frame.PyRaw(bar.Value);
                w.WriteStartElement("rect");
                w.WriteAttributeString("class", "bar");
                w.WriteAttributeString("data-label", bar.Label);
                w.WriteAttributeString("data-value", bar.Value.ToString("R", CultureInfo.InvariantCulture));
                w.WriteAttributeString("x", F(center - (barWidth / 2)));
                w.WriteAttributeString("y", F(Math.Min(y0, y1)));
                w.WriteAttributeString("width", F(barWidth));
                w.WriteAttributeString("height", F(Math.Abs(y0 - y1)));
                w.WriteAttributeString("fill", Color(distinctColors ? i : 0));
                w.WriteEndElement();
                var labelY = y1 - 5;
                if (bar.Error is { } err && err > 0)
                {
                    var hi = frame.PyRaw(bar.Value + err);
                    Line(w, center, frame.PyRaw(bar.Value - err), center, hi, "#222", 1.2);
                    Line(w, center - 6, hi, center + 6, hi, "#222", 1.2);
                    Line(w, center - 6, frame.PyRaw(bar.Value - err), center + 6, frame.PyRaw(bar.Value - err), "#222", 1.2);
                    labelY = hi - 5;
                }

                Text(w, center, labelY, bar.Value.ToString(valueFormat, CultureInfo.InvariantCulture), "middle", weight: "bold");
                var baseY = frame.Top + frame.Height + 16;
                if (turn)
                {
                    Text(w, center + 4, baseY, bar.Label, "end", rotate: -35);
                }
                else
                {
                    Text(w, center, baseY, bar.Label, "middle");
                }
            }

            if (xLabel is not null)
            {
                Text(w, frame.Left + (frame.Width / 2), frame.Top + frame.Height + labelDepth + 18, xLabel, "middle", "12");
            }

            w.WriteEndElement();
        }

        return sb.ToString();
    }
}
