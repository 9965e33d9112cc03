namespace OfflineRl.MLNet.Algorithms.Cql;

/// <summary>
/// The CQL(H) regularizer for discrete actions (Kumar, Zhou, Tucker &amp; Levine 2020, https://arxiv.org/abs/2006.04779,
/// eq. 4 with the entropy regularizer, which gives the log-sum-exp; equations in docs/cql.md):
/// α·(1/B)·Σ_b (log Σ_a exp Q(s_b, a) − Q(s_b, a_b)). It pushes every action's value down in proportion to its softmax
/// weight and the logged action's value up, so actions the data never took end below the ones it did.
/// </summary>
internal static class ConservativePenalty
{
    /// <summary>Default α (1, as the paper's discrete experiments and d3rlpy's DiscreteCQL use).</summary>
    public const float DefaultAlpha = 1f;

    /// <summary>
    /// Adds ∂/∂Q of α·(1/B)·Σ_b (logsumexp_a Q(s_b, a) − Q(s_b, a_b)) — that is (α/B)·(softmax(Q(s_b, ·)) − onehot(a_b)) —
    /// to <paramref name="gradient"/> (B × n) and returns the mean gap (1/B)·Σ_b (logsumexp − Q(s_b, a_b)), before α.
    /// </summary>
    public static double AddGradient(ReadOnlySpan<float> q, ReadOnlySpan<int> actions, int n, float alpha, Span<float> gradient)
    {
        var batch = actions.Length;
        double gap = 0;
        for (var b = 0; b < batch; b++)
        {
            var row = q.Slice(b * n, n);
            var grad = gradient.Slice(b * n, n);
            var max = float.NegativeInfinity;
            for (var k = 0; k < n; k++)
            {
                max = MathF.Max(max, row[k]);
            }

            double sum = 0;
            for (var k = 0; k < n; k++)
            {
                sum += Math.Exp(row[k] - max);
            }

            var logSumExp = max + Math.Log(sum);
            gap += logSumExp - row[actions[b]];
            var scale = alpha / batch;
            for (var k = 0; k < n; k++)
            {
                grad[k] += (float)(scale * Math.Exp(row[k] - logSumExp));
            }

            grad[actions[b]] -= scale;
        }

        return gap / batch;
    }
}
