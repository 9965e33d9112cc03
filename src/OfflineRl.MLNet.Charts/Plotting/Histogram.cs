namespace OfflineRl.MLNet.Plotting;

/// <summary>
/// Counts of values in equal-width bins (on a log-10 scale when <see cref="LogScale"/>). No value is dropped: values below
/// the range are counted in the first bin and values above it in the last, and <see cref="BelowRange"/> /
/// <see cref="AboveRange"/> say how many were.
/// </summary>
public sealed class Histogram
{
    /// <summary>Default number of bins.</summary>
    public const int DefaultBinCount = 40;

    private readonly double[] _edges;
    private readonly int[] _counts;

    private Histogram(string name, double[] edges, int[] counts, bool logScale, int below, int above)
    {
        Name = name;
        _edges = edges;
        _counts = counts;
        LogScale = logScale;
        BelowRange = below;
        AboveRange = above;
        Total = counts.Sum();
    }

    /// <summary>The name shown as the panel title.</summary>
    public string Name { get; }

    /// <summary>Bin edges in data units, ascending: <see cref="BinCount"/> + 1 values.</summary>
    public IReadOnlyList<double> Edges => _edges;

    /// <summary>Values per bin.</summary>
    public IReadOnlyList<int> Counts => _counts;

    /// <summary>Number of bins.</summary>
    public int BinCount => _counts.Length;

    /// <summary>Whether the bins are equal-width in log10 of the value.</summary>
    public bool LogScale { get; }

    /// <summary>Number of values counted.</summary>
    public int Total { get; }

    /// <summary>Values below the first edge, counted in the first bin.</summary>
    public int BelowRange { get; }

    /// <summary>Values above the last edge, counted in the last bin.</summary>
    public int AboveRange { get; }

    /// <summary>The fraction of all values in bin <paramref name="bin"/>.</summary>
    public double Fraction(int bin) => Total == 0 ? 0 : (double)_counts[bin] / Total;

    /// <summary>Bins <paramref name="values"/>.</summary>
    /// <param name="name">The histogram's name.</param>
    /// <param name="values">The values (finite; NaN is refused).</param>
    /// <param name="binCount">Number of bins (≥ 1).</param>
    /// <param name="min">Lower edge; default: the smallest value (the smallest positive value on a log scale).</param>
    /// <param name="max">Upper edge; default: the largest value.</param>
    /// <param name="logScale">Equal-width bins in log10 of the value; needs a positive range.</param>
    /// <exception cref="ArgumentException">No values, a NaN or infinite value, a bad bin count, an empty or (on a log scale) non-positive range.</exception>
    public static Histogram Create(string name, IEnumerable<double> values, int binCount = DefaultBinCount, double? min = null, double? max = null,
        bool logScale = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        var data = values.ToArray();
        if (data.Length == 0)
        {
            throw new ArgumentException($"{name}: no values to bin.", nameof(values));
        }

        var bad = Array.FindIndex(data, v => !double.IsFinite(v));
        if (bad >= 0)
        {
            throw new ArgumentException($"{name}: value {bad} is {data[bad]}; a histogram needs finite values.", nameof(values));
        }

        var positive = data.Where(v => v > 0).ToArray();
        var lo = min ?? (logScale ? (positive.Length > 0 ? positive.Min() : double.NaN) : data.Min());
        var hi = max ?? data.Max();
        if (logScale && !(lo > 0))
        {
            throw new ArgumentException($"{name}: a log-scale histogram needs a positive lower edge (got {lo}).", nameof(min));
        }

        if (!(hi >= lo))
        {
            throw new ArgumentException($"{name}: the upper edge {hi} is below the lower edge {lo}.", nameof(max));
        }

        if (hi == lo)
        {
            // One value: a bin of ±5 % (or ±0.5 around zero) around it.
            var pad = lo == 0 ? 0.5 : Math.Abs(lo) * 0.05;
            (lo, hi) = logScale ? (lo / 1.1, hi * 1.1) : (lo - pad, hi + pad);
        }

        double Scale(double v) => logScale ? Math.Log10(v) : v;
        var a = Scale(lo);
        var b = Scale(hi);
        var edges = Enumerable.Range(0, binCount + 1).Select(i => i == binCount ? hi : logScale ? Math.Pow(10, a + ((b - a) * i / binCount)) : a + ((b - a) * i / binCount)).ToArray();
        edges[0] = lo;
        var counts = new int[binCount];
        int below = 0, above = 0;
        foreach (var v in data)
        {
            int bin;
            if (v < lo)
            {
                below++;
                bin = 0;
            }
            else if (v > hi)
            {
                above++;
                bin = binCount - 1;
            }
            else
            {
                bin = Math.Clamp((int)Math.Floor((Scale(v) - a) / (b - a) * binCount), 0, binCount - 1);
            }

            counts[bin]++;
        }

        return new Histogram(name, edges, counts, logScale, below, above);
    }
}
