using OfflineRl.MLNet.Algorithms.Awr;

namespace OfflineRl.MLNet.Tests.Algorithms;

public sealed class AdvantageWeightingTests
{
    [Theory]
    [InlineData(1.0, 0.018, 0.979, 0.002)]
    [InlineData(0.2, 0.257, 0.571, 0.172)]
    public void Textbook_example_normalized_weights(double beta, double w0, double w1, double w2)
    {
        // Monte-Carlo returns 3, 7, 1 at one state; V = their mean.
        double[] returns = [3, 7, 1];
        var v = returns.Average();
        var advantages = returns.Select(g => (float)(g - v)).ToArray();
        var weights = new float[3];
        AdvantageWeighting.Weights(advantages, (float)beta, 100f, weights);
        var sum = weights.Sum();
        Assert.Equal(w0, weights[0] / sum, 0.001);
        Assert.Equal(w1, weights[1] / sum, 0.001);
        Assert.Equal(w2, weights[2] / sum, 0.001);
    }

    [Fact]
    public void Weights_are_clipped_at_the_maximum()
    {
        Assert.Equal(100f, AdvantageWeighting.Weight(10, 3, 100));
        Assert.Equal((float)Math.Exp(0.6), AdvantageWeighting.Weight(0.2, 3, 100), 6);
    }

    [Fact]
    public void Zero_inverse_temperature_is_plain_cloning()
    {
        var weights = new float[3];
        AdvantageWeighting.Weights([-5f, 0f, 5f], 0f, 100f, weights);
        Assert.All(weights, w => Assert.Equal(1f, w));
    }

    [Fact]
    public void The_per_step_kernel_agrees_with_the_float64_weights_and_clips()
    {
        float[] advantages = [-2f, -0.1f, 0f, 0.3f, 1.2f, 40f];
        var step = new float[advantages.Length];
        var reference = new float[advantages.Length];
        AdvantageWeighting.BatchWeights(advantages, 3f, 100f, step);
        AdvantageWeighting.Weights(advantages, 3f, 100f, reference);
        for (var i = 0; i < advantages.Length; i++)
        {
            Assert.Equal(reference[i], step[i], reference[i] * 1e-6f);
        }

        Assert.Equal(100f, step[^1]);
        Assert.Equal(Math.Exp(0.9), step[3], 1e-5);
    }
}
