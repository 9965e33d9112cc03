namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// How well estimated values rank policies against their true values (the measures of Fu et al. 2021, "Benchmarks for
/// deep off-policy evaluation", ICLR, arXiv:2103.16596, §5):
/// <list type="number">
/// <item>Spearman rank correlation: Pearson's correlation of the two rank vectors, tied values taking their average rank.</item>
/// <item>Normalized regret@1: (V_max − V_selected) / (V_max − V_min), with V the true values and V_selected the true value
/// of the policy the estimates rank first (the first of tied ones); 0 when every true value is the same.</item>
/// </list>
/// </summary>
public static class PolicyRanking
{
    /// <summary>Spearman's rank correlation of <paramref name="estimates"/> with <paramref name="truths"/> (NaN when either is constant).</summary>
    public static double SpearmanCorrelation(IReadOnlyList<double> estimates, IReadOnlyList<double> truths)
    {
        Check(estimates, truths);
        var a = Ranks(estimates);
        var b = Ranks(truths);
        var (ma, mb) = (a.Average(), b.Average());
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : double.NaN;
    }

    /// <summary>The normalized regret of choosing the policy with the highest estimate.</summary>
    public static double RegretAtOne(IReadOnlyList<double> estimates, IReadOnlyList<double> truths)
    {
        Check(estimates, truths);
        var chosen = 0;
        for (var i = 1; i < estimates.Count; i++)
        {
            chosen = estimates[i] > estimates[chosen] ? i : chosen;
        }

        var (max, min) = (truths.Max(), truths.Min());
        return max > min ? (max - truths[chosen]) / (max - min) : 0;
    }

    /// <summary>Ranks from 1, ties sharing their average rank.</summary>
    internal static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = ((start + end) / 2.0) + 1;
            }

            start = end + 1;
        }

        return ranks;
    }

    private static void Check(IReadOnlyList<double> estimates, IReadOnlyList<double> truths)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        ArgumentNullException.ThrowIfNull(truths);
        if (estimates.Count != truths.Count || estimates.Count < 2)
        {
            throw new ArgumentException($"Give at least two policies, with as many estimates as true values (got {estimates.Count} and {truths.Count}).");
        }

        if (estimates.Concat(truths).Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("Every estimate and true value must be finite.");
        }
    }
}
