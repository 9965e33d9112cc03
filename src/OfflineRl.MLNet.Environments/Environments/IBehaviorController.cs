using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// A scripted policy that acts in an environment from its observations, with its own seeded noise, used to
/// log behavior datasets and to measure reference returns.
/// </summary>
public interface IBehaviorController
{
    /// <summary>The id of the environment this controller drives.</summary>
    string EnvironmentId { get; }

    /// <summary>The actions it produces (the environment's action space).</summary>
    ActionSpace ActionSpace { get; }

    /// <summary>Reseeds the controller's noise; call at the start of each episode for reproducible runs.</summary>
    /// <param name="seed">The seed.</param>
    void Reset(int seed);

    /// <summary>Chooses an action.</summary>
    /// <param name="observation">The environment's latest observation.</param>
    /// <returns>The action as the environment takes it (one index value for discrete spaces).</returns>
    float[] Act(ReadOnlySpan<float> observation);
}
