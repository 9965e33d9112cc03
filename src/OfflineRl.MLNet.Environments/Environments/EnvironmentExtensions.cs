namespace OfflineRl.MLNet.Environments;

/// <summary>Conveniences over <see cref="IEnvironment"/>.</summary>
public static class EnvironmentExtensions
{
    /// <summary>Steps a discrete-action environment with an action index.</summary>
    /// <param name="environment">The environment.</param>
    /// <param name="action">The action index.</param>
    /// <returns>The step result.</returns>
    /// <exception cref="ArgumentException">When the environment's actions are continuous or the index is out of range.</exception>
    public static StepResult Step(this IEnvironment environment, int action)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!environment.ActionSpace.IsDiscrete)
        {
            throw new ArgumentException($"{environment.Id} has continuous actions; pass the action vector.", nameof(action));
        }

        ReadOnlySpan<float> value = [action];
        return environment.Step(value);
    }
}
