namespace OfflineRl.MLNet.Data;

/// <summary>Placeholder, replaced in the next commit.</summary>
public sealed class TrajectoryDatasetBuilder
{
}
