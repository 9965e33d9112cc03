namespace OfflineRl.MLNet.Environments;

/// <summary>Runs controllers in environments: one recorded episode, or the returns of several seeded episodes.</summary>
public static class BehaviorRollout
{
    /// <summary>
    /// Plays one episode to its end: the environment is reset with <paramref name="seed"/> and the controller
    /// with a seed derived from it, so the same seed always gives the same episode.
    /// </summary>
    /// <param name="environment">The environment.</param>
    /// <param name="controller">The controller.</param>
    /// <param name="seed">The episode seed.</param>
    /// <returns>The recorded episode.</returns>
    public static EnvironmentEpisode Run(IEnvironment environment, IBehaviorController controller, int seed)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(controller);
        if (!controller.ActionSpace.Equals(environment.ActionSpace))
        {
            throw new ArgumentException(
                $"The controller for {controller.EnvironmentId} acts in {controller.ActionSpace}; {environment.Id} takes {environment.ActionSpace}.",
                nameof(controller));
        }

        controller.Reset(ControllerSeed(seed));
        return EpisodeRecorder.Roll(environment, controller, environment.Reset(seed));
    }

    /// <summary>The undiscounted returns (float64 sums of the environment's rewards) of episodes seeded <paramref name="seed"/>, <paramref name="seed"/> + 1, ….</summary>
    /// <param name="environment">The environment.</param>
    /// <param name="controller">The controller.</param>
    /// <param name="episodes">Number of episodes.</param>
    /// <param name="seed">Seed of the first episode.</param>
    /// <returns>One return per episode.</returns>
    public static double[] Returns(IEnvironment environment, IBehaviorController controller, int episodes, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        var returns = new double[episodes];
        for (var i = 0; i < episodes; i++)
        {
            controller.Reset(ControllerSeed(seed + i));
            var observation = environment.Reset(seed + i);
            var total = 0.0;
            while (true)
            {
                var result = environment.Step(controller.Act(observation));
                total += result.Reward;
                if (result.Done)
                {
                    break;
                }

                observation = result.Observation;
            }

            returns[i] = total;
        }

        return returns;
    }

    /// <summary>The controller seed paired with an episode seed.</summary>
    /// <param name="episodeSeed">The episode (environment) seed.</param>
    /// <returns>The seed passed to <see cref="IBehaviorController.Reset"/>.</returns>
    public static int ControllerSeed(int episodeSeed) => unchecked((int)SeededRandom.Derive(episodeSeed, 0x5EED));
}
