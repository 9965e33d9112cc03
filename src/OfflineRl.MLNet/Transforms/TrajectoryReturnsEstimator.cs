using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Transforms;

/// <summary>Adds <see cref="ColumnNames.TrajectoryReturn"/>: each step carries its episode's return. Nothing to learn.</summary>
/// <param name="discount">Null for the undiscounted Σ r (the default), else γ.</param>
public sealed class TrajectoryReturnsEstimator(float? discount = null) : ITrajectoryEstimator<TrajectoryReturnsTransformer>
{
    /// <inheritdoc />
    public TrajectoryReturnsTransformer Fit(TrajectoryDataset data) => new(discount);
}
