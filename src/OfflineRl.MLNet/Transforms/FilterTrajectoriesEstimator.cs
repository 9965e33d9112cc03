using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Transforms;

/// <summary>
/// Keeps the best episodes by trajectory return (see <see cref="TrajectoryFilter"/>); rows of other episodes are dropped.
/// When a top fraction or count cuts through episodes of equal return, the earlier ones are kept and, for an estimator made
/// through <c>mlContext.OfflineRL().Transforms</c>, <c>mlContext.Log</c> gets a warning naming the tie and the rules that keep all of it.
/// </summary>
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

    /// <summary>Where a cut through tied returns is reported (<c>mlContext.Log</c>); set when made through the catalog.</summary>
    internal MLContext? Context { get; init; }

    private protected override FilterTrajectoriesTransformer Fit(TrajectoryDataset data)
    {
        var kept = TrajectoryFilter.Kept(data, Settings.Criterion, Settings.Value, Settings.Discount, out var tie);
        TrajectoryFilter.Warn(Context, tie);
        return new FilterTrajectoriesTransformer(Settings, kept.Select(e => data.EpisodeIds[e]).ToArray(), Context);
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
    private readonly MLContext? _context;

    internal FilterTrajectoriesTransformer(FilterTrajectoriesEstimator.Options options, IReadOnlyList<long> keptAtFit, MLContext? context)
        : base(options)
    {
        Settings = options;
        KeptEpisodeIdsAtFit = keptAtFit;
        _context = context;
    }

    /// <summary>The rule and its parameter.</summary>
    public FilterTrajectoriesEstimator.Options Settings { get; }

    /// <summary>Ids of the episodes kept from the data the filter was fitted on.</summary>
    public IReadOnlyList<long> KeptEpisodeIdsAtFit { get; }

    private protected override IEnumerable<string> AddedColumns(Func<string, bool> inputHas) => [];

    private protected override TrajectoryDataset Apply(TrajectoryDataset data)
    {
        var filtered = TrajectoryFilter.Apply(data, Settings.Criterion, Settings.Value, Settings.Discount, out var kept, out var tie);
        WarnUnlessSeenAtFit(data, kept, tie);
        return filtered;
    }

    private protected override IDataView Apply(IDataView input, TrajectoryDataset data)
    {
        var filtered = TrajectoryFilter.Apply(data, Settings.Criterion, Settings.Value, Settings.Discount, out var kept, out var tie);
        WarnUnlessSeenAtFit(data, kept, tie);
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

    /// <summary>Fit already reported a tie on the episodes it kept; transforming that data again would only repeat it.</summary>
    private void WarnUnlessSeenAtFit(TrajectoryDataset data, int[] kept, string? tie)
    {
        if (!kept.Select(e => data.EpisodeIds[e]).SequenceEqual(KeptEpisodeIdsAtFit))
        {
            TrajectoryFilter.Warn(_context, tie);
        }
    }
}
