using OfflineRl.MLNet.Plotting;

namespace OfflineRl.MLNet.Tests.Plotting;

public sealed class HistogramTests
{
    [Fact]
    public void Linear_bins_count_each_value_once_with_the_top_edge_in_the_last_bin()
    {
        var h = Histogram.Create("x", [0, 0.5, 1, 1.5, 2, 3.999, 4], binCount: 4, min: 0, max: 4);
        Assert.Equal([0.0, 1, 2, 3, 4], h.Edges);
        Assert.Equal([2, 2, 1, 2], h.Counts);
        Assert.Equal(7, h.Total);
        Assert.Equal(0, h.BelowRange + h.AboveRange);
        Assert.Equal(2.0 / 7, h.Fraction(0), 12);
    }

    [Fact]
    public void Values_outside_the_range_land_in_the_edge_bins_and_are_counted()
    {
        var h = Histogram.Create("x", [-5, 0.5, 1.5, 9, 10], binCount: 2, min: 0, max: 2);
        Assert.Equal([2, 3], h.Counts);
        Assert.Equal(1, h.BelowRange);
        Assert.Equal(2, h.AboveRange);
    }

    [Fact]
    public void Log_bins_are_equal_in_log10_and_zeros_count_below_the_range()
    {
        var h = Histogram.Create("w", [0, 1e-3, 0.05, 1, 1, 20, 100], binCount: 5, min: 1e-3, max: 100, logScale: true);
        Assert.Equal(5, h.BinCount);
        Assert.Equal([1e-3, 1e-2, 1e-1, 1, 10, 100], h.Edges.Select(e => Math.Round(e, 12)));
        Assert.Equal([2, 1, 0, 2, 2], h.Counts);
        Assert.Equal(1, h.BelowRange);
    }

    [Fact]
    public void A_single_repeated_value_gets_a_bin_around_it()
    {
        var h = Histogram.Create("ones", Enumerable.Repeat(1.0, 10), binCount: 3);
        Assert.True(h.Edges[0] < 1 && h.Edges[^1] > 1);
        Assert.Equal(10, h.Counts.Sum());
    }

    [Fact]
    public void Bad_input_is_refused_with_the_reason()
    {
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => Histogram.Create("x", [1, double.NaN])).Message, StringComparison.Ordinal);
        Assert.Contains("no values", Assert.Throws<ArgumentException>(() => Histogram.Create("x", [])).Message, StringComparison.Ordinal);
        Assert.Contains("positive lower edge", Assert.Throws<ArgumentException>(() => Histogram.Create("x", [0, 0], logScale: true)).Message, StringComparison.Ordinal);
    }
}
