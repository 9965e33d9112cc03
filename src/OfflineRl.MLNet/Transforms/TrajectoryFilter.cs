using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Transforms;

/// <summary>
/// The data side of filtered behavior cloning (%BC): keep the best episodes by trajectory return, then clone
/// them. docs/transforms.md: top fraction keeps max(1, ⌈fraction·N⌉) episodes; ties are broken by episode order (the
/// earlier episode wins); kept episodes stay in their original order.
/// </summary>
/// <remarks>Chen et al. 2021, "Decision Transformer", §5 (%BC): https://arxiv.org/abs/2106.01345 .</remarks>
public static class TrajectoryFilter
{
    /// <summary>Positions of the episodes kept, in dataset order.</summary>
    /// <param name="returns">Return of each episode.</param>
    /// <param name="criterion">Which rule applies.</param>
    /// <param name="value">The fraction (0, 1], the count ≥ 1, or the minimum return.</param>
    public static int[] Select(IReadOnlyList<double> returns, FilterCriterion criterion, double value)
    {
        ArgumentNullException.ThrowIfNull(returns);
        var n = returns.Count;
        if (criterion == FilterCriterion.MinReturn)
        {
            return Enumerable.Range(0, n).Where(e => returns[e] >= value).ToArray();
        }

        var keep = criterion == FilterCriterion.TopFraction ? KeepCount(value, n) : (int)Math.Min(value, n);
        var ranked = Enumerable.Range(0, n).OrderByDescending(e => returns[e]).ThenBy(e => e).Take(keep).ToArray();
        Array.Sort(ranked);
        return ranked;
    }

    /// <summary>max(1, ⌈fraction·N⌉), immune to floating error (0.3·10 is 3, not 4).</summary>
    public static int KeepCount(double fraction, int episodes) =>
        Math.Min(episodes, Math.Max(1, (int)Math.Ceiling(Math.Round(fraction * episodes, 9))));

    internal static void CheckValue(FilterCriterion criterion, double value)
    {
        var ok = criterion switch
        {
            FilterCriterion.TopFraction => value is > 0 and <= 1,
            FilterCriterion.TopCount => value >= 1 && value == Math.Floor(value),
            _ => double.IsFinite(value),
        };
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, criterion switch
            {
                FilterCriterion.TopFraction => "The top fraction must be in (0, 1].",
                FilterCriterion.TopCount => "The top count must be a whole number ≥ 1.",
                _ => "The minimum return must be finite.",
            });
        }
    }

    internal static TrajectoryDataset Apply(TrajectoryDataset data, FilterCriterion criterion, double value, float? discount, out int[] kept)
    {
        kept = Kept(data, criterion, value, discount);
        return data.SelectEpisodes(kept);
    }

    /// <summary>Positions of the episodes the rule keeps; throws when it keeps none.</summary>
    internal static int[] Kept(TrajectoryDataset data, FilterCriterion criterion, double value, float? discount)
    {
        var returns = Returns.EpisodeReturns(data, discount);
        var kept = Select(returns, criterion, value);
        if (kept.Length == 0)
        {
            throw new InvalidOperationException(
                $"{data.Source}: no episode has a return ≥ {value} (best is {returns.Max():G6}); nothing would be left to learn from.");
        }

        return kept;
    }
}
