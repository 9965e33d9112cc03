namespace OfflineRl.MLNet.Environments;

/// <summary>What one environment step returns.</summary>
/// <param name="Observation">The observation after the step (float32, a new array owned by the caller).</param>
/// <param name="Reward">The reward of the step, computed in float64.</param>
/// <param name="Terminated">True when the MDP ended (no future value).</param>
/// <param name="Truncated">True when the environment's time limit cut the episode (future value exists).</param>
public readonly record struct StepResult(float[] Observation, double Reward, bool Terminated, bool Truncated)
{
    /// <summary>True when the episode is over, either way.</summary>
    public bool Done => Terminated || Truncated;
}
