namespace OfflineRl.MLNet.Policies;

/// <summary>
/// What scoring needs of a trained decision policy (<see cref="Policy"/> implements it). The methods take <b>raw</b>
/// observations and give actions in <b>environment units</b> (the policy applies its <see cref="Preprocessing"/>);
/// discrete actions are indices stored as floats.
/// </summary>
/// <remarks>Instances keep scratch buffers: use one instance from one thread at a time.</remarks>
public interface IPolicy
{
    /// <summary>The policy family.</summary>
    PolicyKind Kind { get; }

    /// <summary>Width of an observation.</summary>
    int ObservationDimension { get; }

    /// <summary>Width of an action: the continuous dimension, or 1 (the index) for discrete policies.</summary>
    int ActionDimension { get; }

    /// <summary>Number of discrete actions; 0 for continuous policies.</summary>
    int ActionCount { get; }

    /// <summary>
    /// Actions the policy emits at once (an action chunk, executed open-loop): 1 for a policy of single actions. The acting
    /// methods write <see cref="ChunkLength"/> × <see cref="ActionDimension"/> values per observation, first action first.
    /// </summary>
    int ChunkLength => 1;

    /// <summary>Observation normalisation and action scaling applied by the acting methods.</summary>
    PolicyPreprocessing Preprocessing { get; }

    /// <summary>Greedy / deterministic action for one raw observation.</summary>
    void Act(ReadOnlySpan<float> observation, Span<float> action);

    /// <summary>Greedy / deterministic actions for <paramref name="batch"/> raw observations (row-major).</summary>
    void Act(ReadOnlySpan<float> observations, int batch, Span<float> actions);

    /// <summary>log π(action | observation) for a raw observation and an environment-unit action.</summary>
    /// <exception cref="NotSupportedException">When the policy has no density (a deterministic policy).</exception>
    float LogProb(ReadOnlySpan<float> observation, ReadOnlySpan<float> action);

    /// <summary>log π for <paramref name="batch"/> raw observations and environment-unit actions.</summary>
    void LogProb(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int batch, Span<float> logProbs);

    /// <summary>Saves the policy (options, preprocessing, weights) atomically to <paramref name="path"/>; <see cref="Policy.Load"/> reads it back.</summary>
    void Save(string path);
}
