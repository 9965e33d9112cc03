using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// An evaluation environment with a Gymnasium-like contract: reset, then step until the episode is
/// terminated (the MDP ended) or truncated (the environment's own time limit was reached).
/// </summary>
/// <remarks>
/// <para>
/// Actions are always passed as a span of floats. For a discrete space the span holds one value, the
/// action index (for example <c>1f</c>); <see cref="EnvironmentExtensions.Step(IEnvironment, int)"/> is a
/// shorthand. For a continuous space the span holds <see cref="ActionSpace.Dimension"/> values.
/// </para>
/// <para>
/// <see cref="Reset(int)"/> draws the initial state from this library's own seeded generator
/// (xoshiro256**, seeded through SplitMix64). The distribution is the documented Gymnasium one, but the
/// stream does not reproduce numpy's, so the same seed gives a different start state than Gymnasium.
/// Use <see cref="Reset(ReadOnlySpan{double})"/> to start from an exact state.
/// </para>
/// <para>
/// The time limit is counted by the environment itself. When the step that reaches the limit also ends the
/// MDP, the result reports <see cref="StepResult.Terminated"/> only (Gymnasium's TimeLimit wrapper would set
/// both flags); terminal takes precedence because no future value exists after it.
/// </para>
/// </remarks>
public interface IEnvironment
{
    /// <summary>The environment id, for example <c>CartPole-v1</c>.</summary>
    string Id { get; }

    /// <summary>Width of one observation vector.</summary>
    int ObservationDimension { get; }

    /// <summary>Width of the internal state accepted by <see cref="Reset(ReadOnlySpan{double})"/>.</summary>
    int StateDimension { get; }

    /// <summary>The actions this environment accepts.</summary>
    ActionSpace ActionSpace { get; }

    /// <summary>Number of steps after which an episode is truncated.</summary>
    int TimeLimit { get; }

    /// <summary>Steps taken since the last reset.</summary>
    int ElapsedSteps { get; }

    /// <summary>Starts an episode from an initial state drawn from the environment's start distribution.</summary>
    /// <param name="seed">Seed of the draw; the same seed always gives the same start state.</param>
    /// <returns>The first observation (a new array).</returns>
    float[] Reset(int seed);

    /// <summary>Starts an episode from an explicit internal state (see each environment for its layout).</summary>
    /// <param name="state">The state, <see cref="StateDimension"/> values.</param>
    /// <returns>The first observation (a new array).</returns>
    /// <exception cref="ArgumentException">When the state has the wrong length or is not valid for the environment.</exception>
    float[] Reset(ReadOnlySpan<double> state);

    /// <summary>Applies one action.</summary>
    /// <param name="action">The action: one index value for discrete spaces, the action vector for continuous spaces.</param>
    /// <returns>The next observation, the reward and the end-of-episode flags.</returns>
    /// <exception cref="ArgumentException">When the action does not fit the action space.</exception>
    /// <exception cref="InvalidOperationException">Before the first reset, or after the episode has ended.</exception>
    StepResult Step(ReadOnlySpan<float> action);

    /// <summary>A copy of the current internal state, in the layout <see cref="Reset(ReadOnlySpan{double})"/> accepts.</summary>
    double[] GetState();
}
