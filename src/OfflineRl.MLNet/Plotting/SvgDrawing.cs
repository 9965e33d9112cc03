using System.Globalization;
using System.Xml;

namespace OfflineRl.MLNet.Plotting;

/// <summary>The SVG elements every chart writes (document, rectangles, lines, text, legend), so the charts share one look.</summary>
internal static class SvgDrawing
{
    /// <summary>Series colors, in order.</summary>
    public static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    /// <summary>Approximate width of one character of 11-px sans-serif text, for layout.</summary>
    public const double CharWidth = 6.5;

    /// <summary>The color of series <paramref name="index"/>.</summary>
    public static string Color(int index) => Palette[index % Palette.Length];

    /// <summary>Starts the &lt;svg&gt; element with a white background and a centered bold title.</summary>
    public static void Begin(XmlWriter w, double width, double height, string title)
    {
        w.WriteStartElement("svg", "http://www.w3.org/2000/svg");
        w.WriteAttributeString("width", F(width));
        w.WriteAttributeString("height", F(height));
        w.WriteAttributeString("viewBox", $"0 0 {F(width)} {F(height)}");
        w.WriteAttributeString("font-family", "sans-serif");
        w.WriteAttributeString("font-size", "11");
        Rect(w, 0, 0, width, height, "white", "none");
        Text(w, width / 2, 20, title, "middle", "14", "bold");
    }

    /// <summary>
    /// A legend row (wrapping onto further rows when it would pass <paramref name="right"/>): a short line or swatch and the
    /// name of each entry. Returns the y of the last row's baseline.
    /// </summary>
    public static double Legend(XmlWriter w, IReadOnlyList<(string Name, string Color, bool Dashed)> entries, double left, double right, double y)
    {
        w.WriteStartElement("g");
        w.WriteAttributeString("class", "legend");
        var x = left;
        foreach (var (name, color, dashed) in entries)
        {
            var width = 30 + (CharWidth * name.Length) + 14;
            if (x > left && x + width > right)
            {
                x = left;
                y += 16;
            }

            Line(w, x, y - 4, x + 22, y - 4, color, 2.5, dashed);
            Text(w, x + 26, y, name, "start");
            x += width;
        }

        w.WriteEndElement();
        return y;
    }

    /// <summary>Formats a coordinate.</summary>
    public static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A rectangle.</summary>
    public static void Rect(XmlWriter w, double x, double y, double width, double height, string fill, string stroke)
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

    /// <summary>A straight line.</summary>
    public static void Line(XmlWriter w, double x1, double y1, double x2, double y2, string stroke, double width, bool dashed = false)
    {
        w.WriteStartElement("line");
        w.WriteAttributeString("x1", F(x1));
        w.WriteAttributeString("y1", F(y1));
        w.WriteAttributeString("x2", F(x2));
        w.WriteAttributeString("y2", F(y2));
        w.WriteAttributeString("stroke", stroke);
        w.WriteAttributeString("stroke-width", F(width));
        if (dashed)
        {
            w.WriteAttributeString("stroke-dasharray", "6 4");
        }

        w.WriteEndElement();
    }

    /// <summary>A filled circle (a marker).</summary>
    public static void Circle(XmlWriter w, double cx, double cy, double r, string fill)
    {
        w.WriteStartElement("circle");
        w.WriteAttributeString("cx", F(cx));
        w.WriteAttributeString("cy", F(cy));
        w.WriteAttributeString("r", F(r));
        w.WriteAttributeString("fill", fill);
        w.WriteEndElement();
    }

    /// <summary>A text label; <paramref name="rotate"/> turns it (degrees) about its anchor point.</summary>
    public static void Text(XmlWriter w, double x, double y, string text, string anchor, string? size = null, string? weight = null,
        double rotate = 0, string? fill = null)
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

        if (fill is not null)
        {
            w.WriteAttributeString("fill", fill);
        }

        if (rotate != 0)
        {
            w.WriteAttributeString("transform", $"rotate({F(rotate)} {F(x)} {F(y)})");
        }

        w.WriteString(text);
        w.WriteEndElement();
    }
}
