using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Transforms;

/// <summary>Keeps the best episodes by trajectory return (see <see cref="TrajectoryFilter"/>).</summary>
public sealed class FilterTrajectoriesEstimator : ITrajectoryEstimator<FilterTrajectoriesTransformer>
{
    /// <summary>Default fraction kept by filtered BC (10%).</summary>
    public const double DefaultTopFraction = 0.1;

    /// <summary>Creates the estimator.</summary>
    /// <param name="criterion">Top fraction, top count or minimum return.</param>
    /// <param name="value">The fraction (0, 1], the count ≥ 1, or the minimum return.</param>
    /// <param name="discount">Null to rank by undiscounted return (the default), else γ.</param>
    public FilterTrajectoriesEstimator(FilterCriterion criterion = FilterCriterion.TopFraction, double value = DefaultTopFraction, float? discount = null)
    {
        TrajectoryFilter.CheckValue(criterion, value);
        if (discount is { } g)
        {
            Returns.CheckDiscount(g);
        }

        Criterion = criterion;
        Value = value;
        Discount = discount;
    }

    /// <summary>The rule.</summary>
    public FilterCriterion Criterion { get; }

    /// <summary>The rule's parameter.</summary>
    public double Value { get; }

    /// <summary>Null for undiscounted ranking, else γ.</summary>
    public float? Discount { get; }

    /// <inheritdoc />
    public FilterTrajectoriesTransformer Fit(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        TrajectoryFilter.Apply(data, Criterion, Value, Discount, out var kept);
        var ids = kept.Select(e => data.EpisodeIds[e]).ToArray();
        return new FilterTrajectoriesTransformer(Criterion, Value, Discount, ids);
    }
}
