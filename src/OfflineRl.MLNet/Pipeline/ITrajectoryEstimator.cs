using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Pipeline;

/// <summary>
/// An unfitted pipeline step: learns its state from a dataset and returns the fitted transformer
/// (ML.NET's <c>IEstimator</c>, renamed so both can be imported together).
/// </summary>
/// <typeparam name="TTransformer">The fitted transformer type.</typeparam>
public interface ITrajectoryEstimator<out TTransformer>
    where TTransformer : ITrajectoryTransformer
{
    /// <summary>Fits on <paramref name="data"/>.</summary>
    TTransformer Fit(TrajectoryDataset data);
}
