using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// The losses of the model being trained on held-out episodes, read between steps and changing nothing (no gradient, no
/// random draw): the policy's negative log-likelihood of the held-out actions, −mean log π(a|s) — BC's loss, and the
/// likelihood term of the actor-critic methods without their weights — or for a deterministic policy the squared action
/// error Σ_d (π(s) − a)² in the network's [−1, 1] units, averaged over steps; and for algorithms with value networks the
/// mean squared TD error of min Q (<see cref="TemporalDifferenceErrors"/>). Every algorithm gets them from the same code.
/// </summary>
internal sealed class HeldOutLosses
{
    /// <summary>The name of the policy's held-out loss.</summary>
    public const string PolicyLoss = "policy";

    /// <summary>The name of the critic's held-out loss.</summary>
    public const string TemporalDifferenceLoss = "td";

    /// <summary>
    /// Held-out steps scored at most: beyond this, the first held-out episodes up to it (a random sample, the split
    /// being a shuffle), so a report on a large dataset costs at most about five IQL steps (≈ 2.7 GFLOP at 256 × 2).
    /// </summary>
    public const int MaxSteps = 4_096;

    private readonly TrajectoryDataset _data;
    private readonly float _discount;
    private readonly float[] _scores;
    private readonly float[] _actions;
    private readonly float[] _scaledPredicted;
    private readonly float[] _scaledLogged;

    /// <summary>Scores <paramref name="validation"/> (raw observations; <paramref name="discount"/> for TD targets).</summary>
    public HeldOutLosses(TrajectoryDataset validation, float discount)
    {
        ArgumentNullException.ThrowIfNull(validation);
        _data = Capped(validation);
        _discount = discount;
        _scores = new float[_data.Count];
        _actions = new float[_data.Count * _data.ActionSpace.Dimension];
        _scaledPredicted = _data.ActionSpace.IsDiscrete ? [] : new float[_actions.Length];
        _scaledLogged = _data.ActionSpace.IsDiscrete ? [] : new float[_actions.Length];
    }

    /// <summary>Held-out steps scored.</summary>
    public int Steps => _data.Count;

    /// <summary>The losses of <paramref name="algorithm"/>'s current model on the held-out episodes, by name.</summary>
    public Dictionary<string, double> Compute(ITrainingAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var losses = new Dictionary<string, double>(StringComparer.Ordinal);
        if (algorithm.Policy is MlpHead { ChunkLength: 1 } head)
        {
            losses[PolicyLoss] = head.Kind == PolicyKind.Deterministic ? SquaredActionError(head) : NegativeLogLikelihood(head);
        }

        // Chunk critics score h actions at once; one logged step is not their unit.
        if (algorithm.Policy.ChunkLength == 1
            && TemporalDifferenceErrors.Compute(algorithm.Policy, algorithm.ValueNetworks(), _discount, _data) is { } td)
        {
            losses[TemporalDifferenceLoss] = td.MeanSquared;
        }

        return losses;
    }

    private double NegativeLogLikelihood(Policy policy)
    {
        var n = _data.Count;
        ReadOnlySpan<float> actions;
        if (_data.ActionSpace.IsDiscrete)
        {
            var indices = _data.DiscreteActions;
            for (var i = 0; i < n; i++)
            {
                _actions[i] = indices[i];
            }

            actions = _actions;
        }
        else
        {
            actions = _data.ContinuousActions;
        }

        policy.LogProb(_data.Observations, actions, n, _scores);
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum -= _scores[i];
        }

        return sum / n;
    }

    private double SquaredActionError(Policy policy)
    {
        var n = _data.Count;
        var a = _data.ActionSpace.Dimension;
        policy.Act(_data.Observations, n, _actions);
        policy.Preprocessing.ScaleActions(_actions, _scaledPredicted, n, a);
        policy.Preprocessing.ScaleActions(_data.ContinuousActions, _scaledLogged, n, a);
        double sum = 0;
        for (var i = 0; i < n * a; i++)
        {
            var diff = _scaledPredicted[i] - (double)_scaledLogged[i];
            sum += diff * diff;
        }

        return sum / n;
    }

    private static TrajectoryDataset Capped(TrajectoryDataset data)
    {
        if (data.Count <= MaxSteps)
        {
            return data;
        }

        var episodes = new List<int>();
        var steps = 0;
        foreach (var ep in data.Episodes)
        {
            if (episodes.Count > 0 && steps + ep.Length > MaxSteps)
            {
                break;
            }

            episodes.Add(episodes.Count);
            steps += ep.Length;
        }

        return data.SelectEpisodes(episodes);
    }
}
