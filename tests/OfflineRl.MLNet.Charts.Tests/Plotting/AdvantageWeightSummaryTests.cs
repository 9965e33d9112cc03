using OfflineRl.MLNet.Algorithms.Awr;

namespace OfflineRl.MLNet.Tests.Plotting;

public sealed class AdvantageWeightSummaryTests
{
    [Fact]
    public void Equal_weights_are_a_full_effective_sample()
    {
        var s = AdvantageWeightSummary.Of(Enumerable.Repeat(1f, 20).ToArray());
        Assert.Equal(20, s.EffectiveSampleSize, 9);
        Assert.Equal(1, s.EffectiveFraction, 9);
        Assert.Equal(0.1, s.TopDecileShare, 9);
        Assert.Equal(0, s.ClippedFraction);
    }

    [Fact]
    public void One_heavy_weight_is_an_effective_sample_near_one()
    {
        // Σw = 103, Σw² = 10,003: ESS = 103² / 10,003.
        var s = AdvantageWeightSummary.Of([100f, 1f, 1f, 1f, 0f], maxWeight: 100f);
        Assert.Equal(103.0 * 103 / 10_003, s.EffectiveSampleSize, 9);
        Assert.Equal(0.2, s.ClippedFraction, 9);
        Assert.Equal(100.0 / 103, s.TopDecileShare, 9);
        Assert.Equal(20.6, s.Mean, 5);
        Assert.Equal(100, s.Max);
    }

    [Fact]
    public void Larger_beta_concentrates_the_design_seed_weights()
    {
        // docs/transforms.md seed: returns 3, 7, 1 at one state, V = mean = 11/3.
        float[] advantages = [3 - (11f / 3), 7 - (11f / 3), 1 - (11f / 3)];
        var previous = double.PositiveInfinity;
        foreach (var beta in new[] { 0f, 0.2f, 1f, 3f })
        {
            var w = new float[3];
            AdvantageWeighting.Weights(advantages, beta, 100f, w);
            var ess = AdvantageWeightSummary.Of(w).EffectiveSampleSize;
            Assert.True(ess < previous || beta == 0, $"β {beta}: ESS {ess} vs {previous}");
            previous = ess;
        }

        Assert.InRange(previous, 1, 1.01);
        Assert.Throws<ArgumentException>(() => AdvantageWeightSummary.Of([1f, -1f]));
    }
}
