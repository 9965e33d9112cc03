using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// The rows of a dataset that start an action chunk of <see cref="Length"/> h steps inside one episode, for a critic over
/// chunks (docs/q-chunking.md): (s_t, a_{t:t+h}, R_t = Σ_{k&lt;h} γᵏ r_{t+k}, s_{t+h}, done). A chunk never crosses an
/// episode end. Where the episode ends inside the horizon:
/// <list type="bullet">
/// <item><b>terminal</b> after k ≤ h steps: kept; R_t sums the k logged rewards, done = 1 (no bootstrap), and the sampler
/// fills the chunk's actions past the end with 0, the middle of the scaled range (the MDP has ended: they change nothing the
/// return counts);</item>
/// <item><b>truncated</b> after k &lt; h steps: left out (<see cref="CutByTruncation"/>): the environment would have gone on
/// executing the chunk's remaining actions, which were never logged, so no target for a whole chunk exists;</item>
/// <item>truncated after exactly h steps: bootstrapped from the recorded next observation of the last step, or left out when
/// it has none (<see cref="WithoutNextObservation"/>), as <see cref="TransitionTable"/> does for one step.</item>
/// </list>
/// With h = 1 the rows are <see cref="TransitionTable.Rows"/> and R_t = r_t.
/// </summary>
internal sealed class ChunkTable
{
    private readonly int[] _steps;
    private readonly float[] _returns;

    /// <summary>Indexes every chunk start of <paramref name="data"/>; rewards discounted by <paramref name="discount"/>.</summary>
    public ChunkTable(TrajectoryDataset data, int length, float discount)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        (Data, Length, Transitions) = (data, length, new TransitionTable(data));
        _steps = new int[data.Count];
        _returns = new float[data.Count];
        var rows = new List<int>(data.Count);
        var rewards = data.Rewards;
        foreach (var episode in data.Episodes)
        {
            for (var t = episode.Start; t < episode.End; t++)
            {
                var k = Math.Min(length, episode.End - t);
                var last = t + k - 1;
                if (k < length && !episode.EndsTerminal)
                {
                    CutByTruncation++;
                    continue;
                }

                if (Transitions.NextRow[last] == int.MinValue)
                {
                    WithoutNextObservation++;
                    continue;
                }

                // Summed in float64 from the last reward back (R = r_t + γ·(r_{t+1} + γ·…)), so h = 1 gives r_t exactly.
                double sum = 0;
                for (var j = last; j >= t; j--)
                {
                    sum = rewards[j] + discount * sum;
                }

                (_steps[t], _returns[t]) = (k, (float)sum);
                rows.Add(t);
            }
        }

        Rows = [.. rows];
        double bootstrap = 1;
        for (var k = 0; k < length; k++)
        {
            bootstrap *= discount;
        }

        BootstrapDiscount = (float)bootstrap;
    }

    public TrajectoryDataset Data { get; }

    /// <summary>The chunk length h.</summary>
    public int Length { get; }

    /// <summary>Where each step's next observation lives.</summary>
    public TransitionTable Transitions { get; }

    /// <summary>Rows that start a chunk with a target, in dataset order.</summary>
    public int[] Rows { get; }

    /// <summary>γʰ, the discount of the bootstrapped value Q̄(s_{t+h}, ·).</summary>
    public float BootstrapDiscount { get; }

    /// <summary>Starts left out because a truncation (time limit, log cut) ends the episode inside the horizon.</summary>
    public int CutByTruncation { get; }

    /// <summary>Starts left out because the chunk's last step is a truncated last step without a recorded next observation.</summary>
    public int WithoutNextObservation { get; }

    /// <summary>All starts left out.</summary>
    public int Excluded => CutByTruncation + WithoutNextObservation;

    /// <summary>Logged steps of the chunk starting at <paramref name="row"/> (h, or fewer when the episode ends terminal inside it); 0 for a row not in <see cref="Rows"/>.</summary>
    public int Steps(int row) => _steps[row];

    /// <summary>R = Σ_{k&lt;steps} γᵏ r_{row+k} of the chunk starting at <paramref name="row"/>.</summary>
    public float Return(int row) => _returns[row];

    /// <summary>The chunk starting at <paramref name="row"/> ends with the MDP (no bootstrap).</summary>
    public bool EndsTerminal(int row) => Data.IsTerminal[row + _steps[row] - 1];

    /// <summary>s_{t+h}: the next observation of the chunk's last step (masked by done when it ends terminal).</summary>
    public void CopyNextObservation(int row, Span<float> destination) =>
        Transitions.CopyNextObservation(row + _steps[row] - 1, destination);
}
