namespace OfflineRl.MLNet.Data;

/// <summary>
/// Writes a dataset as .npz in the D4RL layout (<c>observations, actions, rewards, terminals, timeouts</c>, and
/// <c>next_observations</c> when recorded) so other tools can read it. Terminals and timeouts are kept apart.
/// Also writes <c>episode_ids</c> and the declared action space, which D4RL readers ignore.
/// </summary>
public static class NpzDatasetWriter
{
    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(TrajectoryDataset data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        var n = data.Count;
        var arrays = new List<NpyArray>
        {
            NpyArray.Create("observations", data.Observations.ToArray(), n, data.ObservationDimension),
        };
        if (data.ActionSpace.IsDiscrete)
        {
            arrays.Add(NpyArray.Create("actions", Array.ConvertAll(data.DiscreteActions.ToArray(), a => (long)a), n));
            arrays.Add(NpyArray.Create("action_count", new long[] { data.ActionSpace.Count }));
        }
        else
        {
            arrays.Add(NpyArray.Create("actions", data.ContinuousActions.ToArray(), n, data.ActionSpace.Dimension));
            if (data.ActionSpace.IsBounded)
            {
                arrays.Add(NpyArray.Create("action_low", data.ActionSpace.Low!.ToArray(), data.ActionSpace.Dimension));
                arrays.Add(NpyArray.Create("action_high", data.ActionSpace.High!.ToArray(), data.ActionSpace.Dimension));
            }
        }

        arrays.Add(NpyArray.Create("rewards", data.Rewards.ToArray(), n));
        arrays.Add(NpyArray.Create("terminals", data.IsTerminal.ToArray(), n));
        arrays.Add(NpyArray.Create("timeouts", data.IsTruncated.ToArray(), n));
        if (data.HasNextObservations)
        {
            arrays.Add(NpyArray.Create("next_observations", data.NextObservations.ToArray(), n, data.ObservationDimension));
        }

        var ids = new long[n];
        foreach (var ep in data.Episodes)
        {
            ids.AsSpan(ep.Start, ep.Length).Fill(ep.Id);
        }

        arrays.Add(NpyArray.Create("episode_ids", ids, n));
        NpzFile.Write(path, arrays);
    }
}
