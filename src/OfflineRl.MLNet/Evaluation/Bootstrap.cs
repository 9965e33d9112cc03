using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// Bootstrap confidence intervals (Efron &amp; Tibshirani 1993, <i>An Introduction to the Bootstrap</i>, ch. 6, 13, 14): the
/// units resampled with replacement are whole episodes (or, for benchmark statistics, runs within a task); an estimator
/// is recomputed on each resample from the <b>counts</b> of each unit drawn, so no resample copies data.
/// <list type="number">
/// <item>Standard error: the sample standard deviation of the B replicates θ*_b.</item>
/// <item>Percentile interval: the replicates' quantiles at (1 − level)/2 and (1 + level)/2 (linear interpolation between
/// order statistics, R's type 7).</item>
/// <item>BCa (Efron 1987, "Better bootstrap confidence intervals", JASA 82:171, doi:10.1080/01621459.1987.10478410): bias
/// correction z₀ = Φ⁻¹(#{θ*_b &lt; θ̂}/B + ½·#{θ*_b = θ̂}/B), acceleration from the jackknife values θ₍ᵢ₎ with mean θ̄:
/// a = Σ(θ̄ − θ₍ᵢ₎)³ / (6·(Σ(θ̄ − θ₍ᵢ₎)²)^{3/2}); the ends are the replicates' quantiles at
/// Φ(z₀ + (z₀ + z_α)/(1 − a·(z₀ + z_α))) for z_α = Φ⁻¹((1 − level)/2) and Φ⁻¹((1 + level)/2).</item>
/// </list>
/// </summary>
internal static class Bootstrap
{
    /// <summary>Below this probability (and above 1 minus it) the normal quantile uses the tail approximation.</summary>
    private const double TailProbability = 0.02425;

    /// <summary>Draws one resample of <paramref name="counts"/>.Length units: counts[i] is how often unit i was drawn.</summary>
    public static void DrawCounts(NnRandom random, Span<int> counts)
    {
        counts.Clear();
        var n = counts.Length;
        for (var k = 0; k < n; k++)
        {
            counts[random.NextInt(n)]++;
        }
    }

    /// <summary>The type-7 quantile of sorted values at probability <paramref name="p"/>.</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var h = (sorted.Length - 1) * Math.Clamp(p, 0, 1);
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    /// <summary>The percentile interval of sorted replicates at <paramref name="level"/> (e.g. 0.95).</summary>
    public static (double Lower, double Upper) Percentile(ReadOnlySpan<double> sorted, double level) =>
        (Quantile(sorted, (1 - level) / 2), Quantile(sorted, (1 + level) / 2));

    /// <summary>Sample standard deviation (n − 1) of the replicates: the bootstrap standard error.</summary>
    public static double StandardError(ReadOnlySpan<double> replicates)
    {
        if (replicates.Length < 2)
        {
            return double.NaN;
        }

        double mean = 0;
        foreach (var x in replicates)
        {
            mean += x;
        }

        mean /= replicates.Length;
        double ss = 0;
        foreach (var x in replicates)
        {
            ss += (x - mean) * (x - mean);
        }

        return Math.Sqrt(ss / (replicates.Length - 1));
    }

    /// <summary>
    /// The BCa interval of sorted replicates around <paramref name="estimate"/> with the jackknife values
    /// <paramref name="jackknife"/>; null when the replicates all lie on one side of the estimate (z₀ infinite) or the
    /// acceleration makes the correction undefined.
    /// </summary>
    public static (double Lower, double Upper)? Bca(ReadOnlySpan<double> sorted, double estimate, ReadOnlySpan<double> jackknife, double level)
    {
        if (sorted.Length == 0 || jackknife.Length < 2 || !double.IsFinite(estimate))
        {
            return null;
        }

        double below = 0;
        foreach (var x in sorted)
        {
            below += x < estimate ? 1 : x == estimate ? 0.5 : 0;
        }

        var proportion = below / sorted.Length;
        if (proportion <= 0 || proportion >= 1)
        {
            return null;
        }

        var z0 = NormalQuantile(proportion);
        double mean = 0;
        foreach (var t in jackknife)
        {
            mean += t;
        }

        mean /= jackknife.Length;
        double s2 = 0, s3 = 0;
        foreach (var t in jackknife)
        {
            var d = mean - t;
            s2 += d * d;
            s3 += d * d * d;
        }

        var a = s2 > 0 ? s3 / (6 * Math.Pow(s2, 1.5)) : 0;
        double End(double p)
        {
            var z = NormalQuantile(p);
            var denominator = 1 - (a * (z0 + z));
            return denominator <= 0 ? double.NaN : NormalCdf(z0 + ((z0 + z) / denominator));
        }

        var (pLow, pHigh) = (End((1 - level) / 2), End((1 + level) / 2));
        if (double.IsNaN(pLow) || double.IsNaN(pHigh))
        {
            return null;
        }

        return (Quantile(sorted, pLow), Quantile(sorted, pHigh));
    }

    /// <summary>
    /// Φ(z), the standard normal distribution function, from the complementary error function (the Chebyshev fit of
    /// Numerical Recipes §6.2, fractional error below 1.2·10⁻⁷).
    /// </summary>
    public static double NormalCdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var poly = -z * z - 1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418 + (t * (-0.18628806 +
            (t * (0.27886807 + (t * (-1.13520398 + (t * (1.48851587 + (t * (-0.82215223 + (t * 0.17087277)))))))))))))))));
        var r = t * Math.Exp(poly);
        return x >= 0 ? r : 2 - r;
    }

    /// <summary>
    /// Φ⁻¹(p), the standard normal quantile, by P. J. Acklam's rational approximations (relative error below
    /// 1.2·10⁻⁹) on the central region and the two tails.
    /// </summary>
    public static double NormalQuantile(double p)
    {
        if (!(p > 0 && p < 1))
        {
            return p == 0 ? double.NegativeInfinity : p == 1 ? double.PositiveInfinity : double.NaN;
        }

        if (p < TailProbability)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return Tail(q);
        }

        if (p > 1 - TailProbability)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -Tail(q);
        }

        {
            var q = p - 0.5;
            var r = q * q;
            var num = (((((-3.969683028665376e+01 * r) + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00;
            var den = (((((-5.447609879822406e+01 * r) + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1;
            return q * num / den;
        }

        static double Tail(double q)
        {
            var num = (((((-7.784894002430293e-03 * q) - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00;
            var den = ((((7.784695709041462e-03 * q) + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1;
            return num / den;
        }
    }
}
