namespace OfflineRl.MLNet.Plotting;

/// <summary>One named line: x and y values of equal length (NaN or infinite points are skipped when drawing).</summary>
/// <param name="Name">The label shown in the panel title and the legend.</param>
/// <param name="X">The x values (training steps for a learning curve).</param>
/// <param name="Y">The y values.</param>
public sealed record LineSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>Draw a dot at every point (useful for sweeps with few points).</summary>
    public bool ShowMarkers { get; init; }

    /// <summary>Draw the line dashed (useful for reference lines such as a mean or a bound).</summary>
    public bool Dashed { get; init; }

    /// <summary>
    /// This series' y-axis label in a chart with one panel per series (the learning curves of <c>OfflineRl.MLNet.Charts</c>), overriding the chart's label — for
    /// example "return" on an evaluation panel among loss panels. Null uses the chart's.
    /// </summary>
    public string? YLabel { get; init; }
}
