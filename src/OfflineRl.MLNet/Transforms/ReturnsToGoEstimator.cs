using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Transforms;

/// <summary>Adds the <see cref="ColumnNames.ReturnToGo"/> column (see <see cref="Returns"/>). Nothing to learn.</summary>
public sealed class ReturnsToGoEstimator : ITrajectoryEstimator<ReturnsToGoTransformer>
{
    /// <summary>Default γ.</summary>
    public const float DefaultDiscount = 0.99f;

    /// <summary>Creates the estimator.</summary>
    /// <param name="discount">γ in [0, 1].</param>
    public ReturnsToGoEstimator(float discount = DefaultDiscount)
    {
        Returns.CheckDiscount(discount);
        Discount = discount;
    }

    /// <summary>γ.</summary>
    public float Discount { get; }

    /// <inheritdoc />
    public ReturnsToGoTransformer Fit(TrajectoryDataset data) => new(Discount);
}
