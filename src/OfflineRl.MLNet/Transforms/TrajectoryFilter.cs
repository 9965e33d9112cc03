using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Runtime;
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

    internal static TrajectoryDataset Apply(TrajectoryDataset data, FilterCriterion criterion, double value, float? discount, out int[] kept, out string? tie)
    {
        kept = Kept(data, criterion, value, discount, out tie);
        return data.SelectEpisodes(kept);
    }

    /// <summary>
    /// Positions of the episodes the rule keeps; throws when it keeps none. <paramref name="tie"/> says so when a top
    /// fraction or count cuts through episodes of equal return, which only their order then decides.
    /// </summary>
    internal static int[] Kept(TrajectoryDataset data, FilterCriterion criterion, double value, float? discount, out string? tie)
    {
        var returns = Returns.EpisodeReturns(data, discount);
        var kept = Select(returns, criterion, value);
        if (kept.Length == 0)
        {
            throw new InvalidOperationException(
                $"{data.Source}: no episode has a return ≥ {value} (best is {returns.Max():G6}); nothing would be left to learn from.");
        }

        tie = TieAtCut(returns, kept, criterion, value);
        return kept;
    }

    /// <summary>The warning for a cut through tied returns, naming the kept count, the tie and the rules that keep the whole tie; else null.</summary>
    internal static string? TieAtCut(IReadOnlyList<double> returns, int[] kept, FilterCriterion criterion, double value)
    {
        if (criterion == FilterCriterion.MinReturn || kept.Length == returns.Count)
        {
            return null;
        }

        var cut = kept.Min(e => returns[e]);
        var tied = returns.Count(r => r == cut);
        var keptTied = kept.Count(e => returns[e] == cut);
        if (keptTied == tied)
        {
            return null;
        }

        var all = returns.Count(r => r >= cut);
        var rule = criterion == FilterCriterion.TopFraction ? $"top fraction {value}" : $"top count {value}";
        return string.Create(CultureInfo.InvariantCulture,
            $"FilterTrajectories kept {kept.Length} of {returns.Count} episodes ({rule}), but {tied} episodes tie at return {cut} across the cut: " +
            $"the earliest {keptTied} of them were kept by dataset order, not by return. To keep all {all} episodes with a return of at least {cut}, " +
            $"use FilterTrajectoriesByReturn({cut}), FilterTopTrajectories({all}) or a top fraction of at least {(double)all / returns.Count:0.###}.");
    }

    /// <summary>Writes <paramref name="warning"/> to <c>mlContext.Log</c>, as training warnings are; nothing without a context or a warning.</summary>
    internal static void Warn(MLContext? context, string? warning)
    {
        if (context is null || warning is null)
        {
            return;
        }

        using var channel = ((IHostEnvironment)context).Register("FilterTrajectories").Start("FilterTrajectories");
        channel.Warning(MessageSensitivity.None, warning);
    }
}
