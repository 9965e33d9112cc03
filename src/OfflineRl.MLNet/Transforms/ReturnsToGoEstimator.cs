using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Transforms;

/// <summary>Adds the return-to-go column: G_t = r_t + γ·G_{t+1} within each episode (see <see cref="Returns"/>). Nothing to learn.</summary>
public sealed class ReturnsToGoEstimator : TrajectoryEstimator<ReturnsToGoTransformer>
{
    /// <summary>Default γ.</summary>
    public const float DefaultDiscount = 0.99f;

    /// <summary>Creates the estimator.</summary>
    public ReturnsToGoEstimator(Options? options = null)
        : base(options ??= new Options())
    {
        Returns.CheckDiscount(options.Discount);
        Settings = options;
    }

    /// <summary>The settings.</summary>
    public Options Settings { get; }

    private protected override ReturnsToGoTransformer Fit(TrajectoryDataset data) => new(Settings);

    private protected override IEnumerable<string> AddedColumns(Func<string, bool> inputHas) => [Settings.OutputColumnName];

    /// <summary>Options of <see cref="ReturnsToGoEstimator"/>.</summary>
    public sealed class Options : TrajectoryColumnOptions
    {
        /// <summary>γ in [0, 1] (default <see cref="DefaultDiscount"/>).</summary>
        public float Discount { get; set; } = DefaultDiscount;

        /// <summary>Name of the added column (default <c>ReturnToGo</c>).</summary>
        public string OutputColumnName { get; set; } = ColumnNames.ReturnToGo;
    }
}

/// <summary>Writes G_t = r_t + γ·G_{t+1} per episode into the return-to-go column.</summary>
public sealed class ReturnsToGoTransformer : TrajectoryTransformer
{
    internal ReturnsToGoTransformer(ReturnsToGoEstimator.Options options)
        : base(options) => Settings = options;

    /// <summary>The settings (γ, output column).</summary>
    public ReturnsToGoEstimator.Options Settings { get; }

    /// <summary>γ.</summary>
    public float Discount => Settings.Discount;

    private protected override IEnumerable<string> AddedColumns(Func<string, bool> inputHas) => [Settings.OutputColumnName];

    private protected override TrajectoryDataset Apply(TrajectoryDataset data) =>
        data.WithColumn(Settings.OutputColumnName, Returns.ReturnsToGo(data, Settings.Discount));
}
