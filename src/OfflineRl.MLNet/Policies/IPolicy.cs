using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Policies;

/// <summary>
/// A trained decision policy. The acting methods take <b>raw</b> observations and give actions in
/// <b>environment units</b> (the policy applies its <see cref="Preprocessing"/>); discrete actions are indices stored
/// as floats. The training methods take already preprocessed observations and scaled actions.
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

    /// <summary>Observation normalisation and action scaling applied by the acting methods.</summary>
    PolicyPreprocessing Preprocessing { get; }

    /// <summary>All trainable parameters, one contiguous span (for Adam, copies, Polyak).</summary>
    Span<float> Parameters { get; }

    /// <summary>Accumulated gradients, same layout as <see cref="Parameters"/>.</summary>
    Span<float> Gradients { get; }

    /// <summary>Largest batch the training methods accept (acting methods split larger batches).</summary>
    int MaxBatch { get; }

    /// <summary>Greedy / deterministic action for one raw observation.</summary>
    void Act(ReadOnlySpan<float> observation, Span<float> action);

    /// <summary>Greedy / deterministic actions for <paramref name="batch"/> raw observations (row-major).</summary>
    void Act(ReadOnlySpan<float> observations, int batch, Span<float> actions);

    /// <summary>A random action for one raw observation, drawn with <paramref name="random"/>.</summary>
    void Sample(ReadOnlySpan<float> observation, Span<float> action, NnRandom random);

    /// <summary>log π(action | observation) for a raw observation and an environment-unit action.</summary>
    float LogProb(ReadOnlySpan<float> observation, ReadOnlySpan<float> action);

    /// <summary>log π for <paramref name="batch"/> raw observations and environment-unit actions.</summary>
    void LogProb(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int batch, Span<float> logProbs);

    /// <summary>
    /// The weighted behaviour-cloning loss on preprocessed observations and scaled actions, with its gradient
    /// <b>added</b> to <see cref="Gradients"/>: <c>−(1/B)·Σ w_b·log π(a_b|s_b)</c> for stochastic heads (weighted BC,
    /// AWR, the IQL actor), <c>(1/B)·Σ w_b·‖π(s_b) − a_b‖²</c> for the deterministic head. Empty weights mean 1.
    /// </summary>
    /// <returns>The loss.</returns>
    float AccumulateLossGradient(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, ReadOnlySpan<float> weights, int batch);

    /// <summary>Sets every gradient to 0.</summary>
    void ZeroGradients();

    /// <summary>Saves the policy (options, preprocessing, weights) atomically to <paramref name="path"/>.</summary>
    void Save(string path);
}
