using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// Draws minibatches uniformly with replacement into preallocated buffers (no allocation per step): observations,
/// actions (continuous ones scaled to [−1, 1]; discrete ones as indices, also stored as floats), rewards,
/// 1 − terminal, next observations and sample weights.
/// </summary>
internal sealed class BatchSampler
{
    private readonly TrajectoryDataset _data;
    private readonly int[] _pool;
    private readonly TransitionTable? _transitions;
    private readonly float[]? _weightColumn;
    private readonly BatchWeighting? _weighting;
    private readonly PolicyPreprocessing _preprocessing;
    private readonly Action _gatherFirstHalf;
    private readonly Action _gatherSecondHalf;

    public BatchSampler(TrajectoryDataset data, int batchSize, NnRandom random, bool temporalDifference, bool useWeights, bool nextActions = false, BatchWeighting? weighting = null)
    {
        _weighting = weighting;
        _data = data;
        Random = random;
        BatchSize = batchSize;
        _transitions = temporalDifference || nextActions ? new TransitionTable(data) : null;
        _pool = _transitions?.Rows ?? Enumerable.Range(0, data.Count).ToArray();
        if (nextActions)
        {
            var table = _transitions!;
            _pool = [.. _pool.Where(r => table.NextActionRow(r) != int.MinValue)];
            WithoutNextAction = table.Rows.Length - _pool.Length;
        }

        _weightColumn = useWeights ? data.GetColumn(ColumnNames.Weight).ToArray() : null;
        _preprocessing = PolicyPreprocessing.From(null, data.ActionSpace);
        var d = data.ObservationDimension;
        var a = data.ActionSpace.Dimension;
        Observations = new float[batchSize * d];
        NextObservations = temporalDifference ? new float[batchSize * d] : [];
        Actions = new float[batchSize * a];
        NextActions = nextActions ? new float[batchSize * a] : [];
        ActionIndices = new int[batchSize];
        Rewards = new float[batchSize];
        NotDone = new float[batchSize];
        Weights = useWeights || weighting is not null ? new float[batchSize] : [];
        Rows = new int[batchSize];
        _gatherFirstHalf = () => Gather(0, BatchSize / 2);
        _gatherSecondHalf = () => Gather(BatchSize / 2, BatchSize);
    }

    /// <summary>A sampler of TD transitions (steps with a target) with its own random stream derived from <paramref name="seed"/>.</summary>
    public static BatchSampler ForTemporalDifference(TrajectoryDataset data, int batchSize, int seed)
    {
        var sampler = new BatchSampler(data, batchSize, StreamOf(seed), temporalDifference: true, useWeights: false);
        if (sampler.PoolSize == 0)
        {
            throw new ArgumentException($"{data.Source}: no step has a TD target (every step is a truncated last step without a next observation).");
        }

        return sampler;
    }

    /// <summary>
    /// A sampler of TD transitions that also draws the action logged at each next state (<see cref="NextActions"/>,
    /// ReBRAC's â′). A truncated episode's last step has a next state but no next action: it is left out
    /// (<see cref="WithoutNextAction"/> counts them).
    /// </summary>
    /// <exception cref="ArgumentException">When no step has both.</exception>
    public static BatchSampler ForTemporalDifferenceWithNextActions(TrajectoryDataset data, int batchSize, int seed)
    {
        var sampler = new BatchSampler(data, batchSize, StreamOf(seed), temporalDifference: true, useWeights: false, nextActions: true);
        if (sampler.PoolSize == 0)
        {
            throw new ArgumentException($"{data.Source}: no step has both a TD target and a logged next action (every episode is one truncated step).");
        }

        return sampler;
    }

    /// <summary>A sampler of single steps (with the <c>Weight</c> column when <paramref name="useWeights"/>) with its own random stream.</summary>
    public static BatchSampler ForSteps(TrajectoryDataset data, int batchSize, int seed, bool useWeights) =>
        new(data, batchSize, StreamOf(seed), temporalDifference: false, useWeights);

    /// <summary>A sampler of single steps whose <see cref="Weights"/> <paramref name="weighting"/> writes from each batch's rows as they are drawn.</summary>
    public static BatchSampler ForSteps(TrajectoryDataset data, int batchSize, int seed, BatchWeighting weighting) =>
        new(data, batchSize, StreamOf(seed), temporalDifference: false, useWeights: false, weighting: weighting);

    public NnRandom Random { get; }

    public int BatchSize { get; }

    /// <summary>Rows the sampler draws from.</summary>
    public int PoolSize => _pool.Length;

    /// <summary>Truncated last steps without a next observation, left out of TD batches.</summary>
    public int ExcludedFromTemporalDifference => _transitions?.ExcludedCount ?? 0;

    /// <summary>The sampler draws TD transitions (s, a, r, s′) rather than single steps.</summary>
    public bool IsTemporalDifference => _transitions is not null;

    public float[] Observations { get; }

    public float[] NextObservations { get; }

    /// <summary>Scaled continuous actions, or discrete indices as floats.</summary>
    public float[] Actions { get; }

    /// <summary>The scaled actions logged at the next states (zeros after a terminal step); empty unless asked for.</summary>
    public float[] NextActions { get; }

    /// <summary>TD steps left out because their next action was not logged (truncated episodes' last steps).</summary>
    public int WithoutNextAction { get; }

    public int[] ActionIndices { get; }

    public float[] Rewards { get; }

    public float[] NotDone { get; }

    public float[] Weights { get; }

    public int[] Rows { get; }

    public void Sample()
    {
        // Rows first (the random stream is the same as drawing them one by one), then the copies, each row's data
        // requested a few rows ahead: the rows are scattered over the dataset, and waiting on each one in turn is
        // most of the sampling time.
        DrawRows();
        var threads = NnThreading.ThreadCount;
        if (threads >= 2 && BatchSize >= MinSplitBatch)
        {
            ParallelWorkers.Invoke(_gatherFirstHalf, _gatherSecondHalf, threads);
        }
        else
        {
            Gather(0, BatchSize);
        }
    }

    /// <summary>
    /// The first half of <see cref="Sample"/>: draws the batch's dataset rows into <see cref="Rows"/> (and, with a
    /// <see cref="BatchWeighting"/>, their weights into <see cref="Weights"/>).
    /// </summary>
    public void DrawRows()
    {
        for (var b = 0; b < BatchSize; b++)
        {
            Rows[b] = _pool[Random.NextInt(_pool.Length)];
        }

        _weighting?.Weigh(Rows, Weights);
    }

    /// <summary>
    /// Copies the data of batch rows [from, to) (their dataset rows already drawn into <see cref="Rows"/>); calls on
    /// disjoint rows may run at the same time.
    /// </summary>
    public void Gather(int from, int to)
    {
        for (var b = from; b < Math.Min(from + PrefetchDistance, to); b++)
        {
            Prefetch(Rows[b]);
        }

        var d = _data.ObservationDimension;
        var a = _data.ActionSpace.Dimension;
        var discrete = _data.ActionSpace.IsDiscrete;
        var obs = _data.Observations;
        var rewards = _data.Rewards;
        var terminals = _data.IsTerminal;
        for (var b = from; b < to; b++)
        {
            if (b + PrefetchDistance < to)
            {
                Prefetch(Rows[b + PrefetchDistance]);
            }

            var row = Rows[b];
            obs.Slice(row * d, d).CopyTo(Observations.AsSpan(b * d, d));
            if (discrete)
            {
                var index = _data.DiscreteActions[row];
                ActionIndices[b] = index;
                Actions[b] = index;
            }
            else
            {
                _preprocessing.ScaleActions(_data.GetContinuousAction(row), Actions.AsSpan(b * a, a), 1, a);
            }

            Rewards[b] = rewards[row];
            NotDone[b] = terminals[row] ? 0f : 1f;
            _transitions?.CopyNextObservation(row, NextObservations.AsSpan(b * d, d));
            if (NextActions.Length > 0)
            {
                CopyNextAction(row, NextActions.AsSpan(b * a, a));
            }

            if (_weightColumn is not null)
            {
                Weights[b] = _weightColumn[row];
            }
        }
    }

    private void CopyNextAction(int row, Span<float> destination)
    {
        var next = _transitions!.NextActionRow(row);
        if (next < 0)
        {
            destination.Clear();
        }
        else if (_data.ActionSpace.IsDiscrete)
        {
            destination[0] = _data.DiscreteActions[next];
        }
        else
        {
            _preprocessing.ScaleActions(_data.GetContinuousAction(next), destination, 1, destination.Length);
        }
    }

    /// <summary>Asks the cache for <paramref name="row"/>'s observation, action, reward and next-step entry.</summary>
    private void Prefetch(int row)
    {
        var d = _data.ObservationDimension;
        CachePrefetch.Values(_data.Observations, (long)row * d, d);
        if (_data.ActionSpace.IsDiscrete)
        {
            CachePrefetch.Values(_data.DiscreteActions, row, 1);
        }
        else
        {
            var a = _data.ActionSpace.Dimension;
            CachePrefetch.Values(_data.ContinuousActions, (long)row * a, a);
        }

        CachePrefetch.Values(_data.Rewards, row, 1);
        _transitions?.Prefetch(row);
    }

    /// <summary>The sampler's stream is apart from the one that initializes the networks.</summary>
    private static NnRandom StreamOf(int seed) => new((ulong)seed ^ 0x5DEECE66DUL);

    /// <summary>Batches of at least this many rows are gathered by two threads when two are allowed.</summary>
    private const int MinSplitBatch = 64;

    /// <summary>Rows whose data is requested ahead of the copy.</summary>
    private const int PrefetchDistance = 16;
}
