using System.Xml.Linq;
using OfflineRl.MLNet.Charts;
using SkiaSharp;

namespace OfflineRl.MLNet.Tests.Plotting;

/// <summary>Saves charts as PNG and SVG the way the CLI does and reads the files back: the PNG decoded, the SVG's text.</summary>
internal static class ChartFiles
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "offlinerl-chart-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Saves <paramref name="chart"/> as <c>name.png</c> and <c>name.svg</c>; returns the decoded PNG and the SVG's texts.</summary>
    public static (SKBitmap Png, List<string> SvgTexts) SaveBoth(Chart chart, string name)
    {
        var dir = TempDir();
        var png = Path.Combine(dir, name + ".png");
        var svg = Path.Combine(dir, name + ".svg");
        chart.Save(png);
        chart.Save(svg);
        var bitmap = DecodePng(png);
        Assert.Equal((chart.Width, chart.Height), (bitmap.Width, bitmap.Height));
        return (bitmap, SvgTexts(svg));
    }

    /// <summary>Decodes a PNG file (fails when it does not decode).</summary>
    public static SKBitmap DecodePng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        var bitmap = SKBitmap.Decode(bytes);
        Assert.True(bitmap is not null, $"{path} does not decode as an image.");
        return bitmap;
    }

    /// <summary>The texts of an SVG file (it must parse as SVG), trimmed.</summary>
    public static List<string> SvgTexts(string path)
    {
        var doc = XDocument.Parse(File.ReadAllText(path));
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        return doc.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();
    }

    /// <summary>How many pixels are within a small distance of <paramref name="hex"/> (anti-aliased edges differ a little).</summary>
    public static int CountColor(SKBitmap bitmap, string hex)
    {
        var target = SKColor.Parse(hex);
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - target.Red) + Math.Abs(c.Green - target.Green) + Math.Abs(c.Blue - target.Blue) < 24)
                {
                    count++;
                }
            }
        }

        return count;
    }
}
