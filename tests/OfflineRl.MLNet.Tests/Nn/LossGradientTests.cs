using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Tests.Nn;

public sealed class LossGradientTests
{
    [Fact]
    public void Weighted_mse_value_and_gradient()
    {
        var rng = new Random(5);
        var p = GradCheck.Random(rng, 12);
        var t = GradCheck.Random(rng, 12);
        var w = new float[] { 0.5f, 2f, 1f, 0f };
        var g = new float[12];
        var loss = MseLoss.Compute(p, t, 4, 3, g, w);
        double expected = 0;
        for (var i = 0; i < 12; i++)
        {
            expected += w[i / 3] * Math.Pow(p[i] - t[i], 2);
        }

        Assert.Equal(expected / 12, loss, 5);
        GradCheck.Check(p, () => MseLoss.Compute(p, t, 4, 3, default, w), g, "mse", h: 1e-2f, tolerance: 2e-3);
        Assert.Equal(0f, g[9]); // zero weight, zero gradient
    }

    [Fact]
    public void Gaussian_log_likelihood_value_and_gradients()
    {
        // Known value: N(0.5, e^-1) at a = 0.2: −(0.3·e)²/2 + 1 − ½ log 2π.
        var lp = GaussianLogLikelihood.LogProb([0.2f], [0.5f], [-1f]);
        var z = 0.3 * Math.E;
        Assert.Equal(-0.5 * z * z + 1 - 0.5 * Math.Log(2 * Math.PI), lp, 6);

        var rng = new Random(6);
        const int batch = 5, dim = 3;
        var a = GradCheck.Random(rng, batch * dim);
        var mu = GradCheck.Random(rng, batch * dim);
        var ls = GradCheck.Random(rng, dim, 0.5);
        var w = GradCheck.Random(rng, batch).Select(v => v + 1.5f).ToArray();
        var gmu = new float[batch * dim];
        var gls = new float[dim];
        var lps = new float[batch];
        var loss = GaussianLogLikelihood.NegativeLogLikelihood(a, mu, ls, batch, dim, gmu, gls, w, lps);
        var expected = -Enumerable.Range(0, batch).Sum(b => w[b] * lps[b]) / batch;
        Assert.Equal(expected, loss, 5);
        Assert.Equal(GaussianLogLikelihood.LogProb(a.AsSpan(3, 3), mu.AsSpan(3, 3), ls), lps[1], 5);
        double Loss() => GaussianLogLikelihood.NegativeLogLikelihood(a, mu, ls, batch, dim, default, default, w);
        GradCheck.Check(mu, Loss, gmu, "dMu", h: 1e-2f, tolerance: 2e-3);
        GradCheck.Check(ls, Loss, gls, "dLogStd", h: 1e-2f, tolerance: 2e-3);

        // Per-row log-std.
        var lsRows = GradCheck.Random(rng, batch * dim, 0.5);
        var glsRows = new float[batch * dim];
        GaussianLogLikelihood.NegativeLogLikelihood(a, mu, lsRows, batch, dim, default, glsRows, w);
        GradCheck.Check(lsRows, () => GaussianLogLikelihood.NegativeLogLikelihood(a, mu, lsRows, batch, dim, default, default, w), glsRows, "dLogStdRows", h: 1e-2f, tolerance: 2e-3);
    }

    [Fact]
    public void Categorical_log_likelihood_value_and_gradients()
    {
        var logProbs = new float[3];
        CategoricalLogLikelihood.LogSoftmax([1f, 2f, 3f], logProbs);
        var lse = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3));
        Assert.Equal(2 - lse, logProbs[1], 6);
        Assert.Equal(1000 + Math.Log(2), CategoricalLogLikelihood.LogSumExp([1000f, 1000f]), 6); // stable

        var rng = new Random(7);
        const int batch = 4, k = 5;
        var logits = GradCheck.Random(rng, batch * k, 3);
        int[] actions = [0, 4, 2, 2];
        float[] w = [1f, 0.5f, 3f, 0f];
        var g = new float[batch * k];
        var lps = new float[batch];
        var loss = CategoricalLogLikelihood.NegativeLogLikelihood(logits, actions, batch, k, g, w, lps);
        Assert.Equal(-(lps[0] + 0.5 * lps[1] + 3 * lps[2]) / 4, loss, 5);
        GradCheck.Check(logits, () => CategoricalLogLikelihood.NegativeLogLikelihood(logits, actions, batch, k, default, w), g, "dLogits", h: 1e-2f, tolerance: 2e-3);
        Assert.Throws<ArgumentOutOfRangeException>(() => CategoricalLogLikelihood.NegativeLogLikelihood(logits, [5, 0, 0, 0], batch, k, default));
    }
}
