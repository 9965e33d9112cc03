namespace OfflineRl.MLNet.Data;

/// <summary>Turns a row number into "episode {id}, step {k}" for validation messages.</summary>
internal sealed class RowDescriber(int[] offsets, long[] ids, long[]? steps)
{
    public string Row(int row)
    {
        var e = TrajectoryDataset.EpisodeOfRow(offsets, row);
        var step = steps?[row] ?? (row - offsets[e]);
        return $"episode {ids[e]}, step {step}";
    }
}
