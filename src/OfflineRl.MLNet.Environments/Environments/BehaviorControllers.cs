namespace OfflineRl.MLNet.Environments;

/// <summary>Creates the scripted controller of each environment at a quality level or with explicit knobs.</summary>
/// <remarks>
/// Levels: <see cref="BehaviorLevel.Random"/> is ε = 1 (uniform actions); <see cref="BehaviorLevel.Expert"/> is the
/// noise-free controller; <see cref="BehaviorLevel.EpsilonGreedy"/> uses an ε tuned per environment so the mean return
/// is about one third of the way from random to expert (see <see cref="ReferenceReturns"/> for the measured values).
/// A medium-replay mixture can sweep ε between 1 and the medium value with <see cref="Create(string, ControllerKnobs)"/>.
/// </remarks>
public static class BehaviorControllers
{
    /// <summary>The knobs a level uses for an environment.</summary>
    /// <param name="environmentId">An id from <see cref="EnvironmentCatalog.Ids"/>.</param>
    /// <param name="level">The level.</param>
    /// <returns>The knobs.</returns>
    public static ControllerKnobs KnobsFor(string environmentId, BehaviorLevel level)
    {
        var entry = EnvironmentRegistry.Get(environmentId);
        return level switch
        {
            BehaviorLevel.Random => new ControllerKnobs(1.0),
            BehaviorLevel.Expert => new ControllerKnobs(0.0),
            BehaviorLevel.EpsilonGreedy => new ControllerKnobs(entry.MediumEpsilon),
            _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown behavior level."),
        };
    }

    /// <summary>Creates the controller of an environment at a level.</summary>
    /// <param name="environmentId">An id from <see cref="EnvironmentCatalog.Ids"/>.</param>
    /// <param name="level">The level.</param>
    /// <returns>A controller; call <see cref="IBehaviorController.Reset"/> with a seed at each episode start.</returns>
    public static IBehaviorController Create(string environmentId, BehaviorLevel level) =>
        Create(environmentId, KnobsFor(environmentId, level));

    /// <summary>Creates the controller of an environment with explicit knobs.</summary>
    /// <param name="environmentId">An id from <see cref="EnvironmentCatalog.Ids"/>.</param>
    /// <param name="knobs">The knobs (the noise scale is ignored by discrete-action controllers).</param>
    /// <returns>A controller (the stitching controllers head for the goal).</returns>
    public static IBehaviorController Create(string environmentId, ControllerKnobs knobs) =>
        EnvironmentRegistry.Get(environmentId).Controller(knobs);
}
