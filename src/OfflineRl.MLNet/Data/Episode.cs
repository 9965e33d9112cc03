namespace OfflineRl.MLNet.Data;

/// <summary>One episode's place in a <see cref="TrajectoryDataset"/>: rows <c>[Start, Start + Length)</c>.</summary>
/// <param name="Index">Position of the episode in the dataset, from 0.</param>
/// <param name="Id">The episode id as logged (or the index when the source had none).</param>
/// <param name="Start">First row of the episode.</param>
/// <param name="Length">Number of steps.</param>
/// <param name="EndsTerminal">True when the last step is terminal (the MDP ended).</param>
public readonly record struct Episode(int Index, long Id, int Start, int Length, bool EndsTerminal)
{
    /// <summary>One past the last row of the episode.</summary>
    public int End => Start + Length;
}
