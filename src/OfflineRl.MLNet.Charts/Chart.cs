using ScottPlot;
using SkiaSharp;

namespace OfflineRl.MLNet.Charts;

/// <summary>
/// A laid-out ScottPlot figure: one or more panels stacked top to bottom at a fixed pixel size. Save it as PNG or SVG, or
/// take <see cref="Figure"/> / <see cref="Panels"/> to restyle it with ScottPlot before saving.
/// </summary>
public sealed class Chart
{
    internal Chart(Multiplot figure, int width, int height, string title)
    {
        Figure = figure;
        Width = width;
        Height = height;
        Title = title;
    }

    /// <summary>The ScottPlot figure (its subplots are <see cref="Panels"/>).</summary>
    public Multiplot Figure { get; }

    /// <summary>The title shown at the top.</summary>
    public string Title { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The figure's plots, top to bottom; a titled chart's first one holds only the title (and the legend, if shared).</summary>
    public IReadOnlyList<Plot> Panels => Figure.GetPlots();

    /// <summary>The chart as PNG bytes.</summary>
    public byte[] ToPng()
    {
        using var image = Figure.Render(Width, Height);
        return image.GetImageBytes(ImageFormat.Png, 100);
    }

    /// <summary>The chart as an SVG document (text stays text).</summary>
    public string ToSvg()
    {
        // A plot's first render may draw itself twice (once more after settling its layout), which on a vector canvas leaves
        // every element in the file twice: settle it on a throwaway bitmap first.
        using (Figure.Render(Width, Height))
        {
        }

        using var stream = new MemoryStream();
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), stream))
        {
            // The panels tile the whole figure and each paints its own background, so nothing of the canvas shows through.
            Figure.Render(canvas, new PixelRect(0, Width, Height, 0));
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the chart to <paramref name="path"/>: SVG for a <c>.svg</c> name, PNG for <c>.png</c>.</summary>
    /// <exception cref="ArgumentException">Another extension.</exception>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path);
        if (extension.Equals(".svg", StringComparison.OrdinalIgnoreCase))
        {
            AtomicFile.WriteAllText(path, ToSvg());
        }
        else if (extension.Equals(".png", StringComparison.OrdinalIgnoreCase))
        {
            var png = ToPng();
            AtomicFile.Write(path, stream => stream.Write(png));
        }
        else
        {
            throw new ArgumentException($"{path}: charts are saved as .svg or .png, not '{extension}'.", nameof(path));
        }
    }
}
