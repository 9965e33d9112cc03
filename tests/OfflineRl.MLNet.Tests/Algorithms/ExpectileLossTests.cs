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

    [Fact]
    public void The_training_kernel_agrees_with_the_float64_definition_and_descends_to_the_expectile()
    {
        // Q ∈ {3, 5, 8} at one state: gradient descent on V with the kernel IQL runs reaches the 0.7-expectile 6.154.
        float[] targets = [3f, 5f, 8f];
        var v = new float[3];
        var grad = new float[3];
        var residuals = new float[3];
        var loss = ExpectileLoss.Batch(targets, v, 0.7f, grad, residuals);
        Assert.Equal(targets.Average(q => ExpectileLoss.Value(q, 0.7)), loss, 5);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(targets[i], residuals[i]);
            Assert.Equal(-ExpectileLoss.DerivativeWrtResidual(targets[i], 0.7) / 3, grad[i], 5);
        }

        for (var step = 0; step < 4000; step++)
        {
            ExpectileLoss.Batch(targets, v, 0.7f, grad, residuals);
            var shared = v[0] - 0.5f * (grad[0] + grad[1] + grad[2]);
            Array.Fill(v, shared);
        }

        Assert.Equal(ExpectileLoss.Expectile([3, 5, 8], 0.7), v[0], 3);
        Assert.Equal(6.154, v[0], 3);
    }
}
