namespace OfflineRl.MLNet.Nn;

/// <summary>
/// Diagonal Gaussian log-likelihood of actions a under N(μ, exp(logσ)²):
/// <c>log p_b = Σ_d [−(a − μ)²/(2σ²) − logσ − ½·log 2π]</c>, and the weighted negative log-likelihood loss
/// <c>L = −(1/B)·Σ_b w_b·log p_b</c> with its gradients.
/// </summary>
internal static class GaussianLogLikelihood
{
    /// <summary>½·log(2π).</summary>
    public const double HalfLog2Pi = 0.91893853320467274178;

    /// <summary>Largest shared logσ dimension whose 1/σ² values are precomputed on the stack.</summary>
    private const int MaxSharedDimension = 256;

    /// <summary>Log-density of one action vector (float64 accumulation).</summary>
    public static double LogProb(ReadOnlySpan<float> action, ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd)
    {
        double sum = 0;
        for (var d = 0; d < action.Length; d++)
        {
            double ls = logStd[d];
            var z = (action[d] - (double)mean[d]) * Math.Exp(-ls);
            sum += (-0.5 * z * z) - ls - HalfLog2Pi;
        }

        return sum;
    }

    /// <summary>
    /// Weighted negative log-likelihood over a batch. <paramref name="logStd"/> holds either <paramref name="dimension"/>
    /// values shared by every row (state-independent) or batch × dimension values. Writes
    /// <c>∂L/∂μ = −w_b·(a − μ)/(σ²·B)</c> into <paramref name="meanGradient"/> and <b>adds</b>
    /// <c>∂L/∂logσ = −w_b·((a − μ)²/σ² − 1)/B</c> (summed over rows when shared) into <paramref name="logStdGradient"/>;
    /// either gradient span may be empty to skip it. Optional <paramref name="logProbs"/> receives each row's log p.
    /// With <paramref name="meanOver"/> above 0 the rows are part of a larger batch of that many rows: B is
    /// <paramref name="meanOver"/> instead of <paramref name="batch"/>, and the result is these rows' share of L.
    /// </summary>
    /// <returns>The loss L.</returns>
    public static float NegativeLogLikelihood(
        ReadOnlySpan<float> action,
        ReadOnlySpan<float> mean,
        ReadOnlySpan<float> logStd,
        int batch,
        int dimension,
        Span<float> meanGradient,
        Span<float> logStdGradient,
        ReadOnlySpan<float> weights = default,
        Span<float> logProbs = default,
        int meanOver = 0)
    {
        var n = batch * dimension;
        var shared = logStd.Length < n;
        if (action.Length < n || mean.Length < n || logStd.Length < dimension || (!shared && logStd.Length < n) ||
            (!meanGradient.IsEmpty && meanGradient.Length < n) ||
            (!logStdGradient.IsEmpty && logStdGradient.Length < (shared ? dimension : n)) ||
            (!weights.IsEmpty && weights.Length < batch) || (!logProbs.IsEmpty && logProbs.Length < batch))
        {
            throw new ArgumentException($"Spans are too short for a batch of {batch} × {dimension}.");
        }

        // A shared logσ has one 1/σ² per dimension: computed once, not once per row (the same values).
        Span<double> sharedInvVar = shared && dimension <= MaxSharedDimension ? stackalloc double[dimension] : default;
        for (var d = 0; d < sharedInvVar.Length; d++)
        {
            sharedInvVar[d] = Math.Exp(-2.0 * logStd[d]);
        }

        double total = 0;
        var invB = 1.0 / (meanOver > 0 ? meanOver : batch);
        for (var b = 0; b < batch; b++)
        {
            double w = weights.IsEmpty ? 1f : weights[b];
            double row = 0;
            for (var d = 0; d < dimension; d++)
            {
                var i = (b * dimension) + d;
                var si = shared ? d : i;
                double ls = logStd[si];
                var invVar = sharedInvVar.IsEmpty ? Math.Exp(-2.0 * ls) : sharedInvVar[d];
                var diff = action[i] - (double)mean[i];
                var z2 = diff * diff * invVar;
                row += (-0.5 * z2) - ls - HalfLog2Pi;
                if (!meanGradient.IsEmpty)
                {
                    meanGradient[i] = (float)(-w * diff * invVar * invB);
                }

                if (!logStdGradient.IsEmpty)
                {
                    logStdGradient[si] += (float)(-w * (z2 - 1.0) * invB);
                }
            }

            if (!logProbs.IsEmpty)
            {
                logProbs[b] = (float)row;
            }

            total += w * row;
        }

        return (float)(-total * invB);
    }
}
