namespace OfflineRl.MLNet.Plotting;

/// <summary>One bar of a <see cref="SvgBarChart"/>.</summary>
/// <param name="Label">The category shown under the bar.</param>
/// <param name="Value">The bar's height.</param>
/// <param name="Error">Optional ± half-height of an error bar (for example a standard deviation over seeds).</param>
public sealed record BarValue(string Label, double Value, double? Error = null);
