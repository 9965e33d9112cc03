using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Transforms;

/// <summary>Adds the trajectory-return column: every step carries its episode's return. Nothing to learn.</summary>
public sealed class TrajectoryReturnsEstimator : TrajectoryEstimator<TrajectoryReturnsTransformer>
{
    /// <summary>Creates the estimator.</summary>
    public TrajectoryReturnsEstimator(Options? options = null)
        : base(options ??= new Options())
    {
        if (options.Discount is { } g)
        {
            Returns.CheckDiscount(g);
        }

        Settings = options;
    }

    /// <summary>The settings.</summary>
    public Options Settings { get; }

    private protected override TrajectoryReturnsTransformer Fit(TrajectoryDataset data) => new(Settings);

    private protected override IEnumerable<string> AddedColumns(Func<string, bool> inputHas) => [Settings.OutputColumnName];

    /// <summary>Options of <see cref="TrajectoryReturnsEstimator"/>.</summary>
    public sealed class Options : TrajectoryColumnOptions
    {
        /// <summary>Null for the undiscounted Σ r (the default), else γ.</summary>
        public float? Discount { get; set; }

        /// <summary>Name of the added column (default <c>TrajectoryReturn</c>).</summary>
        public string OutputColumnName { get; set; } = ColumnNames.TrajectoryReturn;
    }
}

/// <summary>Writes each episode's return into every one of its steps.</summary>
public sealed class TrajectoryReturnsTransformer : TrajectoryTransformer
{
    internal TrajectoryReturnsTransformer(TrajectoryReturnsEstimator.Options options)
        : base(options) => Settings = options;

    /// <summary>The settings (γ, output column).</summary>
    public TrajectoryReturnsEstimator.Options Settings { get; }

    /// <summary>Null for undiscounted returns, else γ.</summary>
    public float? Discount => Settings.Discount;

    private protected override IEnumerable<string> AddedColumns(Func<string, bool> inputHas) => [Settings.OutputColumnName];

    private protected override TrajectoryDataset Apply(TrajectoryDataset data)
    {
        var returns = Returns.EpisodeReturns(data, Settings.Discount);
        var column = new float[data.Count];
        foreach (var ep in data.Episodes)
        {
            column.AsSpan(ep.Start, ep.Length).Fill((float)returns[ep.Index]);
        }

        return data.WithColumn(Settings.OutputColumnName, column);
    }
}
