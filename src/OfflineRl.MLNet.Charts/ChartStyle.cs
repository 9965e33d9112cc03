using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace OfflineRl.MLNet.Charts;

/// <summary>What every chart shares: font, colors, the stacked layout with a title row, log-10 axes and tick labels.</summary>
internal static class ChartStyle
{
    /// <summary>Left padding of every panel, so the data areas of stacked panels line up.</summary>
    public const float Left = 80;

    /// <summary>Right padding of every panel.</summary>
    public const float Right = 24;

    private static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f"];

    // Skia without fontconfig (the NoDependencies native build) falls back to the first font file it finds, often a serif,
    // for a family it does not know: ask for sans-serif families by name and keep the first one that is really there.
    private static readonly Lazy<string> SansFont = new(() =>
        new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI" }
            .FirstOrDefault(f => string.Equals(Fonts.GetTypeface(f, bold: false, italic: false)?.FamilyName, f, StringComparison.OrdinalIgnoreCase))
        ?? Fonts.Sans);

    /// <summary>The sans-serif family the charts use.</summary>
    public static string FontName => SansFont.Value;

    /// <summary>Color <paramref name="i"/> of the palette (it repeats after eight).</summary>
    public static Color Color(int i) => ScottPlot.Color.FromHex(Palette[i % Palette.Length]);

    /// <summary>A panel with the charts' font and fixed paddings (so stacked data areas align).</summary>
    public static Plot Panel(float top, float bottom)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Layout.Fixed(new PixelPadding(Left, Right, bottom, top));
        return plot;
    }

    /// <summary>
    /// A row that shows only <paramref name="title"/> and, when given, a one-line legend under it: the figure title of a
    /// stacked chart, whose panels each carry their own name.
    /// </summary>
    public static Plot Header(string title, IReadOnlyList<LegendItem> legend)
    {
        var header = Panel(top: 34, bottom: 0);
        header.Layout.Fixed(new PixelPadding(20, 20, 0, 34));
        header.Title(title, size: 16);
        foreach (var axis in new IAxis[] { header.Axes.Left, header.Axes.Right, header.Axes.Bottom, header.Axes.Top })
        {
            axis.IsVisible = false;
        }

        header.HideGrid();
        header.DataBackground.Color = Colors.Transparent;
        header.Axes.Frame(false);
        if (legend.Count > 0)
        {
            var shown = header.ShowLegend(Alignment.MiddleCenter, Orientation.Horizontal);
            shown.ManualItems.AddRange(legend);
            shown.FontName = FontName;
            shown.FontSize = 13;
            shown.OutlineWidth = 0;
            shown.TightHorizontalWrapping = true;
            shown.ShadowColor = Colors.Transparent;
        }

        return header;
    }

    /// <summary>Rows a header legend of <paramref name="labels"/> wraps to in a chart <paramref name="width"/> pixels wide.</summary>
    public static int LegendRows(IEnumerable<string> labels, int width)
    {
        var style = new LabelStyle { FontName = FontName, FontSize = 13 };
        using var paint = Paint.NewDisposablePaint();
        var (rows, x) = (1, 0f);
        foreach (var label in labels)
        {
            var item = style.Measure(label, paint).Width + 48; // symbol, padding and the gap to the next item
            if (x > 0 && x + item > width - 60)
            {
                rows++;
                x = 0;
            }

            x += item;
        }

        return rows;
    }

    /// <summary>Stacks <paramref name="rows"/> top to bottom with the given heights in pixels.</summary>
    public static Chart Stack(string title, IReadOnlyList<(Plot Plot, int Height)> rows, int width)
    {
        var figure = new Multiplot(rows[0].Plot);
        foreach (var (plot, _) in rows.Skip(1))
        {
            figure.AddPlot(plot);
        }

        figure.Layout = new FixedRows(rows.Select(r => r.Height).ToArray());
        return new Chart(figure, width, rows.Sum(r => r.Height), title);
    }

    /// <summary>
    /// Makes <paramref name="axis"/> a log-10 axis over data already in log10 units from <paramref name="min"/> to
    /// <paramref name="max"/>: labels show 10^v, major ticks at decades (at 1, 2, 5 × 10ᵏ when the range spans less than
    /// two decades), minor ticks at the 2…9 multiples.
    /// </summary>
    public static void LogAxis(IAxis axis, double min, double max)
    {
        var decades = Math.Floor(max) - Math.Ceiling(min) + 1;
        if (decades >= 2)
        {
            axis.TickGenerator = new NumericAutomatic
            {
                IntegerTicksOnly = true,
                MinorTickGenerator = new LogMinorTickGenerator(),
                LabelFormatter = v => Label(Math.Pow(10, v)),
            };
            return;
        }

        var ticks = new NumericManual();
        for (var k = Math.Floor(min); k <= Math.Ceiling(max); k++)
        {
            for (var m = 1; m <= 9; m++)
            {
                var t = k + Math.Log10(m);
                if (t < min - 1e-9 || t > max + 1e-9)
                {
                    continue;
                }

                if (m is 1 or 2 or 5)
                {
                    ticks.AddMajor(t, Label(Math.Pow(10, t)));
                }
                else
                {
                    ticks.AddMinor(t);
                }
            }
        }

        axis.TickGenerator = ticks;
    }

    /// <summary>
    /// The range of <paramref name="values"/> widened by <paramref name="pad"/> of its span on each side (or a little around a
    /// single value); (0, 1) when empty.
    /// </summary>
    public static (double Min, double Max) Range(IReadOnlyCollection<double> values, double pad = 0)
    {
        if (values.Count == 0)
        {
            return (0, 1);
        }

        var min = values.Min();
        var max = values.Max();
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max)))
        {
            var half = max == 0 ? 0.5 : Math.Abs(max) * 0.05; // ±5 %, also for values as small as a learning rate
            return (min - half, max + half);
        }

        var margin = pad * (max - min);
        return (min - margin, max + margin);
    }

    /// <summary>A short tick label: plain decimals, or scientific notation for very large or small magnitudes.</summary>
    public static string Label(double v) =>
        v == 0 ? "0"
        : Math.Abs(v) is >= 1e5 or < 1e-3 ? v.ToString("0.##e0", CultureInfo.InvariantCulture)
        : v.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Linear tick labels in the same style (no thousands separators).</summary>
    public static void LinearLabels(IAxis axis) => axis.TickGenerator = new NumericAutomatic { LabelFormatter = Label };

    /// <summary>Rows of fixed pixel heights, full width, top to bottom.</summary>
    private sealed class FixedRows(int[] heights) : IMultiplotLayout
    {
        public PixelRect[] GetSubplotRectangles(SubplotCollection subplots, PixelRect figureRect)
        {
            var rects = new PixelRect[subplots.Count];
            var top = figureRect.Top;
            for (var i = 0; i < rects.Length; i++)
            {
                var height = i < heights.Length ? heights[i] : 0;
                rects[i] = new PixelRect(figureRect.Left, figureRect.Right, top + height, top);
                top += height;
            }

            return rects;
        }
    }
}
