using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// The rows of a dataset that have a temporal-difference target, with where each row's next observation lives
/// (docs/transforms.md): y = r + γ(1 − terminal)·V(s'). A terminal step needs no next observation. A truncated last step
/// without a recorded next observation has no target and is excluded from TD losses; <see cref="ExcludedCount"/>
/// says how many.
/// </summary>
internal sealed class TransitionTable
{
    private readonly bool[] _last;

    public TransitionTable(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Data = data;
        var rows = new List<int>(data.Count);
        NextRow = new int[data.Count];
        _last = new bool[data.Count];
        foreach (var ep in data.Episodes)
        {
            for (var r = ep.Start; r < ep.End; r++)
            {
                var last = r == ep.End - 1;
                _last[r] = last;
                // −1: the next observation comes from NextObservations; −2: terminal, no next state is needed.
                NextRow[r] = data.HasNextObservations ? -1 : !last ? r + 1 : data.IsTerminal[r] ? -2 : int.MinValue;
                if (NextRow[r] != int.MinValue)
                {
                    rows.Add(r);
                }
            }
        }

        Rows = [.. rows];
        ExcludedCount = data.Count - Rows.Length;
        if (Rows.Length == 0)
        {
            throw new InvalidOperationException($"{data.Source}: no step has a TD target (every episode is one truncated step without a next observation).");
        }
    }

    public TrajectoryDataset Data { get; }

    /// <summary>Rows usable for TD losses.</summary>
    public int[] Rows { get; }

    /// <summary>Next row of each row, or −1 (recorded next observation), −2 (terminal), int.MinValue (no target).</summary>
    public int[] NextRow { get; }

    /// <summary>Truncated last steps without a next observation, left out of TD losses.</summary>
    public int ExcludedCount { get; }

    /// <summary>
    /// The row holding the action logged at <paramref name="row"/>'s next state (ReBRAC's â′): the next row of the
    /// episode; −2 for a terminal row (no next state); int.MinValue for the last step of a truncated episode, whose next
    /// state was recorded but whose next action was not.
    /// </summary>
    public int NextActionRow(int row) => !_last[row] ? row + 1 : Data.IsTerminal[row] ? -2 : int.MinValue;

    /// <summary>Asks the cache for <paramref name="row"/>'s entry and (usually) its next observation.</summary>
    public void Prefetch(int row)
    {
        var d = Data.ObservationDimension;
        CachePrefetch.Values<int>(NextRow, row, 1);
        if (Data.HasNextObservations)
        {
            CachePrefetch.Values(Data.NextObservations, (long)row * d, d);
        }
        else
        {
            CachePrefetch.Values(Data.Observations, (long)(row + 1) * d, d);
        }
    }

    /// <summary>Copies the next observation of <paramref name="row"/> (its own observation for terminal rows, masked anyway).</summary>
    public void CopyNextObservation(int row, Span<float> destination)
    {
        var d = Data.ObservationDimension;
        var next = NextRow[row];
        var source = next switch
        {
            -1 => Data.NextObservations.Slice(row * d, d),
            -2 => Data.GetObservation(row),
            _ => Data.GetObservation(next),
        };
        source.CopyTo(destination);
    }
}
