using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Transforms;

/// <summary>Keeps the best episodes by trajectory return (see <see cref="TrajectoryFilter"/>); rows of other episodes are dropped.</summary>
public sealed class FilterTrajectoriesEstimator : TrajectoryEstimator<FilterTrajectoriesTransformer>
{
    /// <summary>Default fraction kept by filtered BC (10%).</summary>
    public const double DefaultTopFraction = 0.1;

    /// <summary>Creates the estimator.</summary>
    public FilterTrajectoriesEstimator(Options? options = null)
        : base(options ??= new Options())
    {
        TrajectoryFilter.CheckValue(options.Criterion, options.Value);
        if (options.Discount is { } g)
        {
            Returns.CheckDiscount(g);
        }

        Settings = options;
    }

    /// <summary>The settings.</summary>
    public Options Settings { get; }

    private protected override FilterTrajectoriesTransformer Fit(TrajectoryDataset data)
    {
        var kept = TrajectoryFilter.Kept(data, Settings.Criterion, Settings.Value, Settings.Discount);
        return new FilterTrajectoriesTransformer(Settings, kept.Select(e => data.EpisodeIds[e]).ToArray());
    }

    private protected override IEnumerable<string> AddedColumns(Func<string, bool> inputHas) => [];

    /// <summary>Options of <see cref="FilterTrajectoriesEstimator"/>.</summary>
    public sealed class Options : TrajectoryColumnOptions
    {
        /// <summary>Top fraction (the default), top count or minimum return.</summary>
        public FilterCriterion Criterion { get; set; } = FilterCriterion.TopFraction;

        /// <summary>The fraction in (0, 1] (default <see cref="DefaultTopFraction"/>), the count ≥ 1, or the minimum return.</summary>
        public double Value { get; set; } = DefaultTopFraction;

        /// <summary>Null to rank by undiscounted return (the default), else γ.</summary>
        public float? Discount { get; set; }
    }
}

/// <summary>
/// Applies the filtering rule to the data it is given (so the rule, not a list of ids, carries over to new data),
/// and records which episodes it kept when fitted.
/// </summary>
public sealed class FilterTrajectoriesTransformer : TrajectoryTransformer
{
    internal FilterTrajectoriesTransformer(FilterTrajectoriesEstimator.Options options, IReadOnlyList<long> keptAtFit)
        : base(options)
    {
        Settings = options;
        KeptEpisodeIdsAtFit = keptAtFit;
    }

    /// <summary>The rule and its parameter.</summary>
    public FilterTrajectoriesEstimator.Options Settings { get; }

    /// <summary>Ids of the episodes kept from the data the filter was fitted on.</summary>
    public IReadOnlyList<long> KeptEpisodeIdsAtFit { get; }

    private protected override IEnumerable<string> AddedColumns(Func<string, bool> inputHas) => [];

    private protected override TrajectoryDataset Apply(TrajectoryDataset data) =>
        TrajectoryFilter.Apply(data, Settings.Criterion, Settings.Value, Settings.Discount, out _);

    private protected override IDataView Apply(IDataView input, TrajectoryDataset data)
    {
        var filtered = TrajectoryFilter.Apply(data, Settings.Criterion, Settings.Value, Settings.Discount, out var kept);
        var keep = new bool[data.Count];
        foreach (var e in kept)
        {
            var episode = data.GetEpisode(e);
            keep.AsSpan(episode.Start, episode.Length).Fill(true);
        }

        var view = new RowFilterDataView(input, keep);
        TrajectoryDataReader.Remember(view, Columns, filtered);
        return view;
    }
}
