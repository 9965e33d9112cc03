namespace OfflineRl.MLNet.Nn;

/// <summary>
/// Categorical log-likelihood from logits: <c>log π(a) = logit_a − logsumexp(logits)</c> (stable, max-shifted, float64),
/// and the weighted negative log-likelihood loss <c>L = −(1/B)·Σ_b w_b·log π(a_b)</c> with
/// <c>∂L/∂logit_k = w_b·(softmax_k − 1[k = a_b])/B</c>.
/// </summary>
internal static class CategoricalLogLikelihood
{
    /// <summary>Writes log-softmax of one row of logits into <paramref name="logProbabilities"/>.</summary>
    public static void LogSoftmax(ReadOnlySpan<float> logits, Span<float> logProbabilities)
    {
        var lse = LogSumExp(logits);
        for (var k = 0; k < logits.Length; k++)
        {
            logProbabilities[k] = (float)(logits[k] - lse);
        }
    }

    /// <summary><c>log Σ exp(logits)</c>, max-shifted, in float64.</summary>
    public static double LogSumExp(ReadOnlySpan<float> logits)
    {
        var max = double.NegativeInfinity;
        foreach (var v in logits)
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        foreach (var v in logits)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>
    /// Weighted negative log-likelihood of <paramref name="actions"/> (one index per row) under softmax(logits);
    /// writes ∂L/∂logits into <paramref name="logitGradient"/> (skipped when empty) and each row's log π into
    /// <paramref name="logProbs"/> (skipped when empty). With <paramref name="meanOver"/> above 0 the rows are part of a
    /// larger batch of that many rows: B is <paramref name="meanOver"/>, and the result is these rows' share of L.
    /// </summary>
    /// <returns>The loss L.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When an action index is outside [0, classes).</exception>
    public static float NegativeLogLikelihood(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<int> actions,
        int batch,
        int classes,
        Span<float> logitGradient,
        ReadOnlySpan<float> weights = default,
        Span<float> logProbs = default,
        int meanOver = 0)
    {
        if (logits.Length < batch * classes || actions.Length < batch ||
            (!logitGradient.IsEmpty && logitGradient.Length < batch * classes) ||
            (!weights.IsEmpty && weights.Length < batch) || (!logProbs.IsEmpty && logProbs.Length < batch))
        {
            throw new ArgumentException($"Spans are too short for a batch of {batch} × {classes}.");
        }

        double total = 0;
        var invB = 1.0 / (meanOver > 0 ? meanOver : batch);
        for (var b = 0; b < batch; b++)
        {
            var a = actions[b];
            if ((uint)a >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(actions), a, $"Row {b}: action {a} is outside [0, {classes}).");
            }

            var row = logits.Slice(b * classes, classes);
            var lse = LogSumExp(row);
            var lp = row[a] - lse;
            double w = weights.IsEmpty ? 1f : weights[b];
            total += w * lp;
            if (!logProbs.IsEmpty)
            {
                logProbs[b] = (float)lp;
            }

            if (!logitGradient.IsEmpty)
            {
                var g = logitGradient.Slice(b * classes, classes);
                for (var k = 0; k < classes; k++)
                {
                    var p = Math.Exp(row[k] - lse);
                    g[k] = (float)(w * (p - (k == a ? 1.0 : 0.0)) * invB);
                }
            }
        }

        return (float)(-total * invB);
    }
}
