using System.Diagnostics;

namespace OfflineRl.MLNet.Tests.Plotting;

/// <summary>Renders SVG files to PNG with rsvg-convert (librsvg), the check that a chart is drawable by a real renderer.</summary>
internal static class SvgPng
{
    public static string Render(string svgPath)
    {
        var rsvg = new[] { "/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert" }.FirstOrDefault(File.Exists);
        Assert.True(rsvg is not null, "rsvg-convert is missing: build/test.sh installs librsvg2-bin (apt-get install -y librsvg2-bin).");
        var png = Path.ChangeExtension(svgPath, ".png");
        using var process = Process.Start(new ProcessStartInfo(rsvg!, ["-o", png, svgPath]) { RedirectStandardError = true })!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr);
        Assert.True(new FileInfo(png).Length > 1000, $"{png} is suspiciously small");
        return png;
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "offlinerl-plot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
