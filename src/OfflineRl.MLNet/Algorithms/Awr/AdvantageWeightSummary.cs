namespace OfflineRl.MLNet.Algorithms.Awr;

/// <summary>
/// How concentrated a set of advantage weights is: their mean and maximum, how many hit the clip, the Kish effective
/// sample size (Σw)²/Σw², and the share of the total weight carried by the top 10 % of rows. With β = 0 every weight is 1
/// (effective fraction 1, top-decile share 0.1); as β grows the weight concentrates on the rows with the largest advantages.
/// </summary>
/// <param name="Count">Number of weights.</param>
/// <param name="Mean">Mean weight.</param>
/// <param name="Max">Largest weight.</param>
/// <param name="ClippedFraction">Fraction of weights equal to the clip (MaxWeight).</param>
/// <param name="EffectiveSampleSize">Kish effective sample size (Σw)²/Σw² (0 when every weight is 0).</param>
/// <param name="TopDecileShare">Share of Σw carried by the ⌈10 %⌉ largest weights.</param>
public sealed record AdvantageWeightSummary(int Count, double Mean, double Max, double ClippedFraction, double EffectiveSampleSize, double TopDecileShare)
{
    /// <summary><see cref="EffectiveSampleSize"/> as a fraction of <see cref="Count"/>.</summary>
    public double EffectiveFraction => Count == 0 ? 0 : EffectiveSampleSize / Count;

    /// <summary>Summarizes <paramref name="weights"/> (as written by <see cref="AdvantageWeighting.Weights"/>).</summary>
    /// <param name="weights">The weights (≥ 0).</param>
    /// <param name="maxWeight">The clip the weights were computed with (to count clipped weights).</param>
    /// <exception cref="ArgumentException">A negative or non-finite weight.</exception>
    public static AdvantageWeightSummary Of(ReadOnlySpan<float> weights, float maxWeight = AdvantageWeighting.DefaultMaxWeight)
    {
        if (weights.Length == 0)
        {
            return new AdvantageWeightSummary(0, 0, 0, 0, 0, 0);
        }

        double sum = 0, sumSquares = 0, max = 0;
        var clipped = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var w = (double)weights[i];
            if (!(w >= 0) || !double.IsFinite(w))
            {
                throw new ArgumentException($"Weight {i} is {weights[i]}; advantage weights are finite and ≥ 0.", nameof(weights));
            }

            sum += w;
            sumSquares += w * w;
            max = Math.Max(max, w);
            clipped += weights[i] >= maxWeight ? 1 : 0;
        }

        var sorted = weights.ToArray();
        Array.Sort(sorted);
        var top = (int)Math.Ceiling(0.1 * sorted.Length);
        double topSum = 0;
        for (var i = sorted.Length - top; i < sorted.Length; i++)
        {
            topSum += sorted[i];
        }

        return new AdvantageWeightSummary(
            weights.Length,
            sum / weights.Length,
            max,
            (double)clipped / weights.Length,
            sumSquares > 0 ? sum * sum / sumSquares : 0,
            sum > 0 ? topSum / sum : 0);
    }
}
