using OfflineRl.MLNet.Algorithms.Iql;

namespace OfflineRl.MLNet.Tests.Algorithms;

public sealed class ExpectileLossTests
{
    [Theory]
    [InlineData(0.5, 5.333)]
    [InlineData(0.7, 6.154)]
    [InlineData(0.9, 7.273)]
    public void Exact_expectile_of_three_q_values(double tau, double expected) =>
        Assert.Equal(expected, ExpectileLoss.Expectile([3, 5, 8], tau), 3);

    [Theory]
    [InlineData(0.5, 5.333)]
    [InlineData(0.7, 6.154)]
    [InlineData(0.9, 7.273)]
    public void Gradient_descent_on_the_loss_converges_to_the_expectile(double tau, double expected)
    {
        // V for a single state, trained on Q ∈ {3, 5, 8} with the loss's own gradient.
        double v = 0;
        for (var step = 0; step < 20_000; step++)
        {
            double grad = 0;
            foreach (var q in new[] { 3.0, 5.0, 8.0 })
            {
                grad -= ExpectileLoss.DerivativeWrtResidual(q - v, tau) / 3;
            }

            v -= 0.01 * grad;
        }

        Assert.Equal(expected, v, 0.02);
    }

    [Fact]
    public void Loss_weights_negative_residuals_by_one_minus_tau()
    {
        Assert.Equal(0.7 * 4, ExpectileLoss.Value(2, 0.7), 12);
        Assert.Equal(0.3 * 4, ExpectileLoss.Value(-2, 0.7), 12);
        // Central finite difference of the loss matches the analytic derivative.
        foreach (var u in new[] { -1.3, 0.4, 2.0 })
        {
            var fd = (ExpectileLoss.Value(u + 1e-6, 0.8) - ExpectileLoss.Value(u - 1e-6, 0.8)) / 2e-6;
            Assert.Equal(fd, ExpectileLoss.DerivativeWrtResidual(u, 0.8), 6);
        }
    }
}
