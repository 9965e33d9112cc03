namespace OfflineRl.MLNet.Data;

/// <summary>Minimum, mean, maximum and standard deviation of a set of values.</summary>
/// <param name="Min">Smallest value.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Std">Population standard deviation.</param>
public sealed record SummaryStatistics(double Min, double Mean, double Max, double Std)
{
    /// <summary>Statistics of <paramref name="values"/> (all zero when empty).</summary>
    public static SummaryStatistics Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return new SummaryStatistics(0, 0, 0, 0);
        }

        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
        return new SummaryStatistics(values.Min(), mean, values.Max(), Math.Sqrt(variance));
    }
}
