using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.Sac;

/// <summary>
/// A ring of transitions (s, a, r, 1 − terminal, s′) with actions in the scaled space the networks see; the oldest are
/// overwritten once it is full. Draws batches uniformly with replacement into preallocated arrays.
/// </summary>
internal sealed class ReplayBuffer
{
    private readonly int _obs, _act;
    private readonly float[] _observations, _actions, _rewards, _notDone, _nextObservations;
    private readonly float[] _batchObservations, _batchActions, _batchRewards, _batchNotDone, _batchNext;
    private int _next;

    public ReplayBuffer(int capacity, int observationDimension, int actionDimension, int batchSize)
    {
        (Capacity, _obs, _act) = (capacity, observationDimension, actionDimension);
        (_observations, _nextObservations) = (new float[capacity * _obs], new float[capacity * _obs]);
        (_actions, _rewards, _notDone) = (new float[capacity * _act], new float[capacity], new float[capacity]);
        (_batchObservations, _batchNext) = (new float[batchSize * _obs], new float[batchSize * _obs]);
        (_batchActions, _batchRewards, _batchNotDone) = (new float[batchSize * _act], new float[batchSize], new float[batchSize]);
    }

    public int Capacity { get; }

    /// <summary>Transitions held (at most <see cref="Capacity"/>).</summary>
    public int Count { get; private set; }

    public void Add(ReadOnlySpan<float> observation, ReadOnlySpan<float> scaledAction, float reward, bool terminal, ReadOnlySpan<float> nextObservation)
    {
        var i = _next;
        observation.CopyTo(_observations.AsSpan(i * _obs, _obs));
        nextObservation.CopyTo(_nextObservations.AsSpan(i * _obs, _obs));
        scaledAction.CopyTo(_actions.AsSpan(i * _act, _act));
        (_rewards[i], _notDone[i]) = (reward, terminal ? 0f : 1f);
        _next = (_next + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
    }

    /// <summary>A batch of rows drawn uniformly with replacement; the arrays are reused by the next call.</summary>
    public Transitions Sample(NnRandom random)
    {
        var b = _batchRewards.Length;
        for (var k = 0; k < b; k++)
        {
            var i = random.NextInt(Count);
            _observations.AsSpan(i * _obs, _obs).CopyTo(_batchObservations.AsSpan(k * _obs, _obs));
            _nextObservations.AsSpan(i * _obs, _obs).CopyTo(_batchNext.AsSpan(k * _obs, _obs));
            _actions.AsSpan(i * _act, _act).CopyTo(_batchActions.AsSpan(k * _act, _act));
            (_batchRewards[k], _batchNotDone[k]) = (_rewards[i], _notDone[i]);
        }

        return new Transitions(_batchObservations, _batchActions, _batchRewards, _batchNotDone, _batchNext);
    }
}
