using OfflineRl.MLNet.Evaluation;

namespace OfflineRl.MLNet.Tests.Evaluation;

public sealed class BootstrapTests
{
    [Fact]
    public void Quantiles_interpolate_between_order_statistics()
    {
        double[] sorted = [1, 2, 3, 4];
        // h = (n − 1)·p: p = 0.25 → 0.75 → 1 + 0.75·(2 − 1) = 1.75; p = 0.75 → 2.25 → 3.25.
        Assert.Equal(1.75, Bootstrap.Quantile(sorted, 0.25), 12);
        Assert.Equal(3.25, Bootstrap.Quantile(sorted, 0.75), 12);
        Assert.Equal((1.75, 3.25), Bootstrap.Percentile(sorted, 0.5));
        // sd of 1..4 with n − 1: sqrt(5/3).
        Assert.Equal(Math.Sqrt(5.0 / 3), Bootstrap.StandardError(sorted), 12);
    }

    [Fact]
    public void Normal_distribution_and_quantile_match_tables()
    {
        Assert.Equal(1.959963985, Bootstrap.NormalQuantile(0.975), 7);
        Assert.Equal(-2.326347874, Bootstrap.NormalQuantile(0.01), 7);
        Assert.Equal(0, Bootstrap.NormalQuantile(0.5), 12);
        Assert.Equal(0.975, Bootstrap.NormalCdf(1.959963985), 6);
        Assert.Equal(0.158655254, Bootstrap.NormalCdf(-1), 6);
        foreach (var p in new[] { 1e-4, 0.02, 0.3, 0.7, 0.99 })
        {
            Assert.Equal(p, Bootstrap.NormalCdf(Bootstrap.NormalQuantile(p)), 6);
        }
    }

    [Fact]
    public void Bca_without_bias_or_acceleration_is_the_percentile_interval()
    {
        // Replicates 1..99 around the estimate 50: z0 = Φ⁻¹(49.5/99) = 0; a symmetric jackknife gives a = 0.
        var sorted = Enumerable.Range(1, 99).Select(i => (double)i).ToArray();
        var bca = Bootstrap.Bca(sorted, 50, [-1.0, 0.0, 1.0], 0.9);
        var percentile = Bootstrap.Percentile(sorted, 0.9);
        Assert.NotNull(bca);
        Assert.Equal(percentile.Lower, bca.Value.Lower, 6);
        Assert.Equal(percentile.Upper, bca.Value.Upper, 6);
    }

    [Fact]
    public void Bca_shifts_toward_the_side_the_replicates_lean()
    {
        // 70 of 99 replicates below the estimate: z0 = Φ⁻¹(70/99) ≈ 0.5446, so both ends move up from the percentile ones:
        // lower at Φ(2·0.5446 − 1.6449) = Φ(−0.5556) ≈ 0.2892 → h = 98·0.2892 = 28.34 → 29.34.
        var sorted = Enumerable.Range(1, 99).Select(i => (double)i).ToArray();
        var bca = Bootstrap.Bca(sorted, 70.5, [-1.0, 0.0, 1.0], 0.9)!.Value;
        var z0 = Bootstrap.NormalQuantile(70.0 / 99);
        var pLow = Bootstrap.NormalCdf((2 * z0) + Bootstrap.NormalQuantile(0.05));
        Assert.Equal(1 + (98 * pLow), bca.Lower, 9);
        Assert.InRange(bca.Lower, 29.3, 29.4);
    }

    [Fact]
    public void Bca_is_undefined_when_every_replicate_lies_on_one_side() =>
        Assert.Null(Bootstrap.Bca([1.0, 2.0, 3.0], 5, [1.0, 2.0], 0.95));
}
