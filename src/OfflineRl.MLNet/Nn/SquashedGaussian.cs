namespace OfflineRl.MLNet.Nn;

/// <summary>
/// The tanh-squashed diagonal Gaussian of SAC (Haarnoja et al. 2018, https://arxiv.org/abs/1801.01290, appendix C) on a
/// network's output row [m (n values), r (n values)]: log σ = clamp(r, min, max), u = m + σ·ε with ε ~ N(0, I), a = tanh(u),
/// and log π(a|s) = Σ_d [−ε_d²/2 − log σ_d − ½ log 2π − log(1 − tanh² u_d)], where the change of variables is taken in the
/// form that neither cancels nor overflows: log(1 − tanh² u) = 2·(log 2 − u − softplus(−2u)).
/// </summary>
internal static class SquashedGaussian
{
    /// <summary>Default lower clamp of log σ (SAC's −20).</summary>
    public const float DefaultLogStdMin = -20f;

    /// <summary>Default upper clamp of log σ (SAC's 2).</summary>
    public const float DefaultLogStdMax = 2f;

    private const double HalfLog2Pi = GaussianLogLikelihood.HalfLog2Pi;
    private const double Log2 = 0.69314718055994530942;

    /// <summary>log(1 − tanh² u), stable for every u.</summary>
    public static float LogOneMinusTanhSquared(float u)
    {
        var x = -2.0 * u;
        var softplus = x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));
        return (float)(2 * (Log2 - u - softplus));
    }

    /// <summary>
    /// Draws each of <paramref name="rows"/> rows of <paramref name="output"/> (2n per row) with the given noise
    /// <paramref name="noise"/> (n per row): the squashed action into <paramref name="actions"/> and log π into
    /// <paramref name="logProbs"/>.
    /// </summary>
    public static void Sample(ReadOnlySpan<float> output, ReadOnlySpan<float> noise, int rows, int n, float logStdMin, float logStdMax, Span<float> actions, Span<float> logProbs)
    {
        for (var b = 0; b < rows; b++)
        {
            double logProb = 0;
            for (var d = 0; d < n; d++)
            {
                var logStd = Math.Clamp(output[b * 2 * n + n + d], logStdMin, logStdMax);
                var eps = noise[b * n + d];
                var u = output[b * 2 * n + d] + MathF.Exp(logStd) * eps;
                actions[b * n + d] = MathF.Tanh(u);
                logProb += -0.5 * eps * eps - logStd - HalfLog2Pi - LogOneMinusTanhSquared(u);
            }

            logProbs[b] = (float)logProb;
        }
    }

    /// <summary>
    /// The gradient, with respect to the output rows that <see cref="Sample"/> read, of a loss L(a, log π) given
    /// ∂L/∂a (<paramref name="actionGradient"/>, n per row) and ∂L/∂log π (<paramref name="logProbGradient"/>, one per row;
    /// empty means 0). With ε held fixed: ∂a/∂m = 1 − a², ∂a/∂r = (1 − a²)·σ·ε, ∂log π/∂m = 2a, ∂log π/∂r = 2a·σ·ε − 1, the
    /// r terms only where the clamp passes r (inside [min, max], as torch.clamp). Writes 2n values per row.
    /// </summary>
    public static void Backward(
        ReadOnlySpan<float> output, ReadOnlySpan<float> noise, int rows, int n, float logStdMin, float logStdMax,
        ReadOnlySpan<float> actionGradient, ReadOnlySpan<float> logProbGradient, Span<float> outputGradient)
    {
        for (var b = 0; b < rows; b++)
        {
            var gl = logProbGradient.IsEmpty ? 0f : logProbGradient[b];
            for (var d = 0; d < n; d++)
            {
                var raw = output[b * 2 * n + n + d];
                var sigma = MathF.Exp(Math.Clamp(raw, logStdMin, logStdMax));
                var eps = noise[b * n + d];
                var u = output[b * 2 * n + d] + sigma * eps;
                var a = MathF.Tanh(u);

                // 1 − a² from the stable log form: near |a| = 1 the subtraction would keep no digits.
                var slope = MathF.Exp(LogOneMinusTanhSquared(u));
                var ga = actionGradient[b * n + d];
                outputGradient[b * 2 * n + d] = ga * slope + gl * 2 * a;
                outputGradient[b * 2 * n + n + d] = raw >= logStdMin && raw <= logStdMax
                    ? ga * slope * sigma * eps + gl * (2 * a * sigma * eps - 1)
                    : 0f;
            }
        }
    }

    /// <summary>
    /// log π of given squashed actions (n per row, in [−1, 1]) under each output row: u = atanh(a) with a pulled inside
    /// ±(1 − 1e-6) so a logged action on the bound keeps a finite density.
    /// </summary>
    public static void LogProb(ReadOnlySpan<float> output, ReadOnlySpan<float> actions, int rows, int n, float logStdMin, float logStdMax, Span<float> logProbs)
    {
        for (var b = 0; b < rows; b++)
        {
            double logProb = 0;
            for (var d = 0; d < n; d++)
            {
                var (z, logStd, u) = Standardized(output, actions, b, d, n, logStdMin, logStdMax);
                logProb += -0.5 * z * z - logStd - HalfLog2Pi - LogOneMinusTanhSquared((float)u);
            }

            logProbs[b] = (float)logProb;
        }
    }

    /// <summary>
    /// The weighted negative log-likelihood −(1/B)·Σ_b w_b·log π(a_b|s_b) of given squashed actions on rows of a batch of
    /// <paramref name="batchSize"/>, writing its gradient with respect to the rows' outputs (the change-of-variables term
    /// does not depend on the outputs: ∂/∂m = −w·z/σ/B, ∂/∂r = −w·(z² − 1)/B inside the clamp, z = (atanh a − m)/σ).
    /// </summary>
    public static float NegativeLogLikelihood(
        ReadOnlySpan<float> output, ReadOnlySpan<float> actions, ReadOnlySpan<float> weights, int rows, int n, int batchSize,
        float logStdMin, float logStdMax, Span<float> outputGradient)
    {
        double total = 0;
        var invB = 1.0 / batchSize;
        for (var b = 0; b < rows; b++)
        {
            double w = weights.IsEmpty ? 1f : weights[b];
            double logProb = 0;
            for (var d = 0; d < n; d++)
            {
                var (z, logStd, u) = Standardized(output, actions, b, d, n, logStdMin, logStdMax);
                logProb += -0.5 * z * z - logStd - HalfLog2Pi - LogOneMinusTanhSquared((float)u);
                var raw = output[b * 2 * n + n + d];
                outputGradient[b * 2 * n + d] = (float)(-w * z * Math.Exp(-logStd) * invB);
                outputGradient[b * 2 * n + n + d] = raw >= logStdMin && raw <= logStdMax ? (float)(-w * (z * z - 1) * invB) : 0f;
            }

            total -= w * logProb;
        }

        return (float)(total * invB);
    }

    private static (double Z, double LogStd, double U) Standardized(ReadOnlySpan<float> output, ReadOnlySpan<float> actions, int b, int d, int n, float logStdMin, float logStdMax)
    {
        const double edge = 1 - 1e-6;
        double logStd = Math.Clamp(output[b * 2 * n + n + d], logStdMin, logStdMax);
        var u = Math.Atanh(Math.Clamp(actions[b * n + d], -edge, edge));
        return ((u - output[b * 2 * n + d]) * Math.Exp(-logStd), logStd, u);
    }
}
