using System.Globalization;

namespace OfflineRl.MLNet.Plotting;

/// <summary>Axis ranges, "nice" tick positions (linear and log-10) and tick labels shared by the charts.</summary>
internal static class AxisTicks
{
    /// <summary>The range of <paramref name="values"/>, widened a little when it is a single value; (0, 1) when empty.</summary>
    public static (double Min, double Max) Range(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
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
    public static IEnumerable<double> Linear(double min, double max, int target)
    {
        var raw = (max - min) / target;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        for (var t = Math.Ceiling(min / step) * step; t <= max + (step * 1e-9); t += step)
        {
            yield return Math.Abs(t) < step * 1e-9 ? 0 : t;
        }
    }

    /// <summary>The smallest "nice" tick (a multiple of the 1, 2, 5 × 10ᵏ step for about <paramref name="target"/> ticks) at or above <paramref name="value"/>·1.05.</summary>
    public static double NiceCeiling(double value, int target)
    {
        if (!(value > 0))
        {
            return 1;
        }

        var raw = value * 1.05 / target;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        return Math.Ceiling(value * 1.05 / step) * step;
    }

    /// <summary>Log-axis ticks (in log10 units) at 1, 2, 5 × 10ᵏ, or only at decades when that gives too many.</summary>
    public static IEnumerable<double> Log(double min, double max)
    {
        var coarse = Log(min, max, [1.0, 2.0, 5.0]);
        return coarse.Count >= 2 ? coarse : Log(min, max, [1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0]);
    }

    private static List<double> Log(double min, double max, double[] mantissas)
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
        if (all.Count <= 6)
        {
            return all;
        }

        if (decades.Count > 8)
        {
            var every = (int)Math.Ceiling(decades.Count / 8.0);
            return decades.Where(t => (long)Math.Round(t) % every == 0).ToList();
        }

        return decades.Count >= 2 ? decades : all.Where((_, i) => i % 2 == 0).ToList();
    }

    /// <summary>A short tick label: plain decimals, or scientific notation for very large or small magnitudes.</summary>
    public static string Label(double v) =>
        v == 0 ? "0" : Math.Abs(v) is >= 1e5 or < 1e-3 ? v.ToString("0.##e0", CultureInfo.InvariantCulture) : v.ToString("0.####", CultureInfo.InvariantCulture);
}
