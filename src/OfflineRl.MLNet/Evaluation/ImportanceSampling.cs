namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// Importance-sampling estimates of J(π) = E_π[Σ_t γᵗ r_t] from episodes logged by β (Precup, Sutton &amp; Singh 2000,
/// "Eligibility traces for off-policy policy evaluation", ICML, https://scholarworks.umass.edu/cs_faculty_pubs/80; the
/// weighted forms as in Thomas 2015, "Safe reinforcement learning", PhD thesis, §3.5–3.10). With ρ_t = π(a_t|s_t)/β(a_t|s_t),
/// w_{i,t} = Π_{k≤t} ρ_{i,k}, episode i of length T_i and return G_i = Σ_t γᵗ r_{i,t}, over n episodes:
/// <list type="number">
/// <item>IS: (1/n)·Σ_i w_{i,T_i−1}·G_i.</item>
/// <item>Per-decision IS: (1/n)·Σ_i Σ_t γᵗ·w_{i,t}·r_{i,t}.</item>
/// <item>Weighted IS: Σ_i w_{i,T_i−1}·G_i / Σ_i w_{i,T_i−1}.</item>
/// <item>Weighted per-decision IS: Σ_t γᵗ·Σ_i w_{i,t}·r_{i,t} / Σ_i w_{i,t}. An episode that has ended is padded with an
/// absorbing state (reward 0, ratio 1), so it keeps its last weight in every later step's normalizer (for one-step
/// episodes this is weighted IS); a step whose weights are all 0 adds 0.</item>
/// </list>
/// Every estimator here takes resample counts c_i (how often episode i is drawn; null = each once) and reads Σ_i c_i·…
/// for Σ_i, so the bootstrap recomputes it without copying episodes.
/// </summary>
internal sealed class ImportanceSampling
{
    /// <summary>log w is capped here before exp, so a product of large ratios stays finite (e^700 ≈ 10³⁰⁴).</summary>
    private const double MaxLogWeight = 700;

    /// <summary>Builds the weights of the episodes <c>[offsets[i], offsets[i + 1])</c> from per-step log ρ.</summary>
    public ImportanceSampling(int[] offsets, double[] rewards, double[] logRatios, double discount)
    {
        Offsets = offsets;
        Rewards = rewards;
        Discount = discount;
        var n = offsets.Length - 1;
        Weights = new double[rewards.Length];
        Discounts = new double[rewards.Length];
        FinalWeights = new double[n];
        Returns = new double[n];
        PerDecision = new double[n];
        for (var i = 0; i < n; i++)
        {
            double logW = 0, g = 1, ret = 0, pd = 0;
            for (var r = offsets[i]; r < offsets[i + 1]; r++)
            {
                logW += logRatios[r];
                var w = double.IsNegativeInfinity(logW) ? 0 : Math.Exp(Math.Min(logW, MaxLogWeight));
                Weights[r] = w;
                Discounts[r] = g;
                ret += g * rewards[r];
                pd += g * w * rewards[r];
                g *= discount;
            }

            MaxLength = Math.Max(MaxLength, offsets[i + 1] - offsets[i]);
            FinalWeights[i] = offsets[i + 1] > offsets[i] ? Weights[offsets[i + 1] - 1] : 1;
            Returns[i] = ret;
            PerDecision[i] = pd;
        }
    }

    public int[] Offsets { get; }

    public double[] Rewards { get; }

    public double Discount { get; }

    /// <summary>w_{i,t} per row.</summary>
    public double[] Weights { get; }

    /// <summary>γᵗ per row.</summary>
    public double[] Discounts { get; }

    /// <summary>w_{i,T_i−1} per episode.</summary>
    public double[] FinalWeights { get; }

    /// <summary>G_i per episode.</summary>
    public double[] Returns { get; }

    /// <summary>Σ_t γᵗ·w_{i,t}·r_{i,t} per episode.</summary>
    public double[] PerDecision { get; }

    public int Count => Offsets.Length - 1;

    public int MaxLength { get; }

    /// <summary>Effective sample size of the trajectory weights, (Σ w)² / Σ w² (0 when every weight is 0).</summary>
    public double EffectiveSampleSize()
    {
        double s = 0, s2 = 0;
        foreach (var w in FinalWeights)
        {
            s += w;
            s2 += w * w;
        }

        return s2 > 0 ? s * s / s2 : 0;
    }

    /// <summary>IS: the count-weighted mean of w_i·G_i.</summary>
    public double Trajectory(ReadOnlySpan<int> counts)
    {
        double num = 0, n = 0;
        for (var i = 0; i < Count; i++)
        {
            var c = Count1(counts, i);
            num += c * FinalWeights[i] * Returns[i];
            n += c;
        }

        return num / n;
    }

    /// <summary>Weighted IS: Σ c·w·G / Σ c·w (NaN when every drawn weight is 0).</summary>
    public double WeightedTrajectory(ReadOnlySpan<int> counts)
    {
        double num = 0, den = 0;
        for (var i = 0; i < Count; i++)
        {
            var c = Count1(counts, i);
            num += c * FinalWeights[i] * Returns[i];
            den += c * FinalWeights[i];
        }

        return den > 0 ? num / den : double.NaN;
    }

    /// <summary>Per-decision IS: the count-weighted mean of Σ_t γᵗ·w_t·r_t.</summary>
    public double PerDecisionEstimate(ReadOnlySpan<int> counts) => Mean(PerDecision, counts);

    /// <summary>Weighted per-decision IS (absorbing-state padding as the class summary says).</summary>
    public double WeightedPerDecision(ReadOnlySpan<int> counts)
    {
        var t = MaxLength;
        var num = new double[t];
        var den = new double[t + 1];
        var ended = new double[t + 1];
        for (var i = 0; i < Count; i++)
        {
            var c = Count1(counts, i);
            if (c == 0)
            {
                continue;
            }

            var start = Offsets[i];
            var length = Offsets[i + 1] - start;
            for (var k = 0; k < length; k++)
            {
                num[k] += c * Weights[start + k] * Rewards[start + k];
                den[k] += c * Weights[start + k];
            }

            ended[length] += c * FinalWeights[i];
        }

        double sum = 0, padding = 0, g = 1;
        for (var k = 0; k < t; k++)
        {
            padding += ended[k];
            var d = den[k] + padding;
            sum += d > 0 ? g * num[k] / d : 0;
            g *= Discount;
        }

        return sum;
    }

    /// <summary>Jackknife (leave-one-out) values of IS, per-decision IS or any mean of per-episode values.</summary>
    public static double[] JackknifeOfMean(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        double total = 0;
        foreach (var v in values)
        {
            total += v;
        }

        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = (total - values[i]) / (n - 1);
        }

        return result;
    }

    /// <summary>Jackknife values of weighted IS.</summary>
    public double[] JackknifeOfWeightedTrajectory()
    {
        double num = 0, den = 0;
        for (var i = 0; i < Count; i++)
        {
            num += FinalWeights[i] * Returns[i];
            den += FinalWeights[i];
        }

        var result = new double[Count];
        for (var i = 0; i < Count; i++)
        {
            var d = den - FinalWeights[i];
            result[i] = d > 0 ? (num - (FinalWeights[i] * Returns[i])) / d : double.NaN;
        }

        return result;
    }

    /// <summary>w_i·G_i per episode (what IS averages).</summary>
    public double[] WeightedReturns() => [.. FinalWeights.Select((w, i) => w * Returns[i])];

    /// <summary>The count-weighted mean of per-episode values.</summary>
    public static double Mean(ReadOnlySpan<double> values, ReadOnlySpan<int> counts)
    {
        double sum = 0, n = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var c = Count1(counts, i);
            sum += c * values[i];
            n += c;
        }

        return sum / n;
    }

    /// <summary>counts[i], or 1 without counts.</summary>
    internal static int Count1(ReadOnlySpan<int> counts, int i) => counts.IsEmpty ? 1 : counts[i];
}
