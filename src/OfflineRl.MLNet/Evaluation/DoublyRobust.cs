namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// Doubly robust estimates: importance sampling with a model's values as a control variate. With the weights of
/// <see cref="ImportanceSampling"/> (w_{i,−1} = 1), a model Q̂ of the target policy's action values and
/// V̂(s) = E_{a∼π}[Q̂(s, a)] (here the FQE critic, <see cref="FittedQEvaluation"/>):
/// <list type="number">
/// <item>DR (Jiang &amp; Li 2016, "Doubly robust off-policy value evaluation for reinforcement learning", ICML,
/// arXiv:1511.03722, eq. 3 unrolled): (1/n)·Σ_i Σ_t γᵗ·[w_{i,t}·(r_{i,t} − Q̂(s_{i,t}, a_{i,t})) + w_{i,t−1}·V̂(s_{i,t})].</item>
/// <item>Weighted DR (Thomas &amp; Brunskill 2016, "Data-efficient off-policy policy evaluation for reinforcement
/// learning", ICML, arXiv:1604.00923, eq. 10): the same sum with each w_{i,t} replaced by its normalized
/// w_{i,t} / Σ_j w_{j,t}, and w_{i,t−1} by w_{i,t−1} / Σ_j w_{j,t−1}; ended episodes pad as in weighted per-decision IS
/// (absorbing state, Q̂ = V̂ = 0).</item>
/// </list>
/// </summary>
internal static class DoublyRobust
{
    /// <summary>DR's value per episode (its mean is the estimate; the bootstrap averages it with counts).</summary>
    public static double[] PerEpisode(ImportanceSampling w, ReadOnlySpan<double> q, ReadOnlySpan<double> v)
    {
        var result = new double[w.Count];
        for (var i = 0; i < w.Count; i++)
        {
            double sum = 0, previous = 1;
            for (var r = w.Offsets[i]; r < w.Offsets[i + 1]; r++)
            {
                sum += w.Discounts[r] * ((w.Weights[r] * (w.Rewards[r] - q[r])) + (previous * v[r]));
                previous = w.Weights[r];
            }

            result[i] = sum;
        }

        return result;
    }

    /// <summary>Weighted DR with resample counts (null = each episode once).</summary>
    public static double Weighted(ImportanceSampling w, ReadOnlySpan<double> q, ReadOnlySpan<double> v, ReadOnlySpan<int> counts)
    {
        var t = w.MaxLength;
        var numR = new double[t];
        var numQ = new double[t];
        var numV = new double[t];
        var den = new double[t];
        var ended = new double[t + 1];
        double drawn = 0;
        for (var i = 0; i < w.Count; i++)
        {
            var c = ImportanceSampling.Count1(counts, i);
            if (c == 0)
            {
                continue;
            }

            drawn += c;
            var start = w.Offsets[i];
            var length = w.Offsets[i + 1] - start;
            double previous = 1;
            for (var k = 0; k < length; k++)
            {
                var r = start + k;
                numR[k] += c * w.Weights[r] * w.Rewards[r];
                numQ[k] += c * w.Weights[r] * q[r];
                numV[k] += c * previous * v[r];
                den[k] += c * w.Weights[r];
                previous = w.Weights[r];
            }

            ended[length] += c * w.FinalWeights[i];
        }

        double sum = 0, padding = 0, g = 1, previousDen = drawn;
        for (var k = 0; k < t; k++)
        {
            padding += ended[k];
            var d = den[k] + padding;
            var term = (d > 0 ? (numR[k] - numQ[k]) / d : 0) + (previousDen > 0 ? numV[k] / previousDen : 0);
            sum += g * term;
            g *= w.Discount;
            previousDen = d;
        }

        return sum;
    }
}
