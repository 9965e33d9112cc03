using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// Draws minibatches of action chunks (<see cref="ChunkTable"/>) uniformly with replacement into preallocated buffers:
/// s_t, the flattened chunk a_{t:t+h} (h × action dimension, scaled to [−1, 1]), R_t = Σ_{k&lt;h} γᵏ r_{t+k}, 1 − done and
/// s_{t+h}. Its random stream is derived from the seed as <see cref="BatchSampler"/>'s is and its rows are drawn the same
/// way, so with h = 1 it draws the batches of <see cref="BatchSampler.ForTemporalDifference"/>.
/// </summary>
internal sealed class ChunkSampler
{
    private readonly TrajectoryDataset _data;
    private readonly PolicyPreprocessing _preprocessing;

    public ChunkSampler(TrajectoryDataset data, int chunkLength, float discount, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ActionSpace.IsDiscrete)
        {
            throw new ArgumentException($"{data.Source}: action chunks need continuous actions; the data's actions are {data.ActionSpace}.");
        }

        _data = data;
        Table = new ChunkTable(data, chunkLength, discount);
        if (Table.Rows.Length == 0)
        {
            throw new ArgumentException($"{data.Source}: no step starts an action chunk of {chunkLength} steps with a target " +
                $"({Table.CutByTruncation} are cut by a truncation inside the chunk, {Table.WithoutNextObservation} end without a next observation).");
        }

        _preprocessing = PolicyPreprocessing.From(null, data.ActionSpace);
        Random = new NnRandom((ulong)seed ^ 0x5DEECE66DUL);
        BatchSize = batchSize;
        var d = data.ObservationDimension;
        Observations = new float[batchSize * d];
        NextObservations = new float[batchSize * d];
        Actions = new float[batchSize * chunkLength * data.ActionSpace.Dimension];
        Rewards = new float[batchSize];
        NotDone = new float[batchSize];
        ActionIndices = new int[batchSize];
        Rows = new int[batchSize];
    }

    public ChunkTable Table { get; }

    public NnRandom Random { get; }

    public int BatchSize { get; }

    /// <summary>The chunk length h.</summary>
    public int ChunkLength => Table.Length;

    /// <summary>γʰ.</summary>
    public float BootstrapDiscount => Table.BootstrapDiscount;

    public float[] Observations { get; }

    /// <summary>s_{t+h} (the observation after the chunk's last logged step).</summary>
    public float[] NextObservations { get; }

    /// <summary>
    /// The chunks, row-major [batch, h, action dimension], scaled to [−1, 1]; positions past a terminal end are 0 (the
    /// middle of the range, constant in the data, so the critic learns no dependence on them from the logged actions).
    /// </summary>
    public float[] Actions { get; }

    /// <summary>The chunks' discounted reward sums.</summary>
    public float[] Rewards { get; }

    /// <summary>0 where the chunk ends with the MDP, else 1.</summary>
    public float[] NotDone { get; }

    /// <summary>Zeros (the critic gathers nothing for continuous actions).</summary>
    public int[] ActionIndices { get; }

    /// <summary>The start rows of the last batch.</summary>
    public int[] Rows { get; }

    public void Sample()
    {
        var pool = Table.Rows;
        for (var b = 0; b < BatchSize; b++)
        {
            Rows[b] = pool[Random.NextInt(pool.Length)];
        }

        var (d, a, h) = (_data.ObservationDimension, _data.ActionSpace.Dimension, Table.Length);
        for (var b = 0; b < BatchSize; b++)
        {
            var row = Rows[b];
            _data.Observations.Slice(row * d, d).CopyTo(Observations.AsSpan(b * d, d));
            var steps = Table.Steps(row);
            for (var k = 0; k < h; k++)
            {
                var destination = Actions.AsSpan(((b * h) + k) * a, a);
                if (k < steps)
                {
                    _preprocessing.ScaleActions(_data.GetContinuousAction(row + k), destination, 1, a);
                }
                else
                {
                    destination.Clear();
                }
            }

            Rewards[b] = Table.Return(row);
            NotDone[b] = Table.EndsTerminal(row) ? 0f : 1f;
            Table.CopyNextObservation(row, NextObservations.AsSpan(b * d, d));
        }
    }
}
