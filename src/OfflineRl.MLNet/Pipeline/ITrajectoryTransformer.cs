using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Pipeline;

/// <summary>
/// A fitted step of a pipeline: maps a dataset to a new dataset (ML.NET's <c>ITransformer</c>, renamed so both
/// can be imported together). Transformers never change their input; they return a new dataset.
/// </summary>
public interface ITrajectoryTransformer
{
    /// <summary>Applies the fitted transform to <paramref name="data"/>.</summary>
    TrajectoryDataset Transform(TrajectoryDataset data);
}
