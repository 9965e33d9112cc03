namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Logs behavior datasets for the classic-control environments with the scripted controllers of
/// <see cref="BehaviorControllers"/>: whole episodes until a step budget is spent.
/// </summary>
/// <remarks>
/// Episode <c>k</c> resets the environment with a seed derived from (seed, k) and the controller with
/// <see cref="BehaviorRollout.ControllerSeed"/>, so the same arguments always give the same episodes. Episodes
/// end as the environment says (terminal, or truncated at its time limit); the episode running when the budget
/// runs out is cut and its last step marked truncated, as D4RL marks timeouts. For the stitching environments
/// use <see cref="StitchGridDataGenerator"/> or <see cref="PointMazeDataGenerator"/>.
/// </remarks>
public static class BehaviorDataGenerator
{
    /// <summary>Generates a dataset.</summary>
    /// <param name="environmentId">A classic-control id from <see cref="EnvironmentCatalog.ClassicControlIds"/>.</param>
    /// <param name="kind">The dataset kind.</param>
    /// <param name="steps">The step budget: the total number of rows.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The episodes, each tagged with the level that produced it (for example <c>medium</c> or <c>stage=3 flaw=0.8</c>).</returns>
    /// <exception cref="ArgumentException">For a stitching environment or an unknown id.</exception>
    public static IReadOnlyList<EnvironmentEpisode> Generate(string environmentId, BehaviorDatasetKind kind, int steps, int seed)
    {
        var id = EnvironmentCatalog.Canonical(environmentId);
        if (!EnvironmentCatalog.ClassicControlIds.Contains(id))
        {
            throw new ArgumentException(
                $"{id} logs its data with the stitching recipe (StitchGridDataGenerator / PointMazeDataGenerator), not behavior levels.",
                nameof(environmentId));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var environment = EnvironmentCatalog.Create(id);
        var episodes = new List<EnvironmentEpisode>();
        var used = 0;
        for (var k = 0; used < steps; k++)
        {
            var progress = used / (double)steps;
            var (controller, tag) = kind switch
            {
                BehaviorDatasetKind.Random => (BehaviorControllers.Create(id, BehaviorLevel.Random), "random"),
                BehaviorDatasetKind.Medium => (MediumLearner(id, seed), "medium"),
                BehaviorDatasetKind.Expert => (BehaviorControllers.Create(id, BehaviorLevel.Expert), "expert"),
                BehaviorDatasetKind.MediumReplay => ReplayStage(id, seed, Math.Min(ReplayStages - 1, (int)(progress * ReplayStages))),
                BehaviorDatasetKind.MediumExpert => progress < 0.5
                    ? (MediumLearner(id, seed), "medium")
                    : (BehaviorControllers.Create(id, BehaviorLevel.Expert), "expert"),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown dataset kind."),
            };
            var episode = Run(environment, controller, unchecked((int)SeededRandom.Derive(seed, k)), steps - used, tag);
            episodes.Add(episode);
            used += episode.Length;
        }

        return episodes;
    }

    /// <summary>
    /// Logs whole episodes of the scripted controller with explicit knobs (for example the expert with ε = 0.2, the
    /// CartPole data other libraries gate their discrete Q-learning on) until <paramref name="steps"/> rows.
    /// </summary>
    /// <param name="environmentId">A classic-control id from <see cref="EnvironmentCatalog.ClassicControlIds"/>.</param>
    /// <param name="knobs">The controller's ε (and action noise for continuous actions).</param>
    /// <param name="steps">The step budget: the total number of rows.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The episodes, tagged with the knobs.</returns>
    public static IReadOnlyList<EnvironmentEpisode> Generate(string environmentId, ControllerKnobs knobs, int steps, int seed)
    {
        var id = EnvironmentCatalog.Canonical(environmentId);
        if (!EnvironmentCatalog.ClassicControlIds.Contains(id))
        {
            throw new ArgumentException($"{id}: explicit controller knobs are for the classic-control tasks ({string.Join(", ", EnvironmentCatalog.ClassicControlIds)}).", nameof(environmentId));
        }

        if (!(knobs.Epsilon is >= 0 and <= 1) || !(knobs.NoiseScale >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(knobs), knobs, "ε must lie in [0, 1] and the noise scale be ≥ 0.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var environment = EnvironmentCatalog.Create(id);
        var controller = BehaviorControllers.Create(id, knobs);
        var tag = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"epsilon={knobs.Epsilon:0.###}");
        var episodes = new List<EnvironmentEpisode>();
        for (var (k, used) = (0, 0); used < steps; k++)
        {
            var episode = Run(environment, controller, unchecked((int)SeededRandom.Derive(seed, k)), steps - used, tag);
            episodes.Add(episode);
            used += episode.Length;
        }

        return episodes;
    }

    /// <summary>The number of learner stages a medium-replay log goes through, one after another over equal shares of the budget.</summary>
    public const int ReplayStages = 10;

    /// <summary>
    /// The flaw level of medium-replay stage <paramref name="stage"/>: linear from the environment's
    /// <see cref="LearnerFlaws.RandomFlaw"/> (stage 0, scoring like a random policy) to its <see cref="LearnerFlaws.MediumFlaw"/>
    /// (the last stage, the medium learner), so the stages' scores climb from about 0 to about 40.
    /// </summary>
    /// <param name="environmentId">A classic-control id.</param>
    /// <param name="stage">The stage, 0 to <see cref="ReplayStages"/> − 1.</param>
    public static double ReplayFlaw(string environmentId, int stage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stage);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stage, ReplayStages);
        var flaws = LearnerFlaws.For(environmentId);
        return flaws.RandomFlaw - ((flaws.RandomFlaw - flaws.MediumFlaw) * stage / (ReplayStages - 1));
    }

    // Stage k of the learning run that seed logs; the medium dataset is that run's final policy, as D4RL's medium is the
    // policy its medium-replay buffer ends with.
    private static (IBehaviorController Controller, string Tag) ReplayStage(string id, int seed, int stage)
    {
        var flaw = ReplayFlaw(id, stage);
        var controller = new LearnerController(id, flaw, unchecked((int)SeededRandom.Derive(seed, 1_000_000 + stage)));
        return (controller, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"stage={stage} flaw={flaw:0.###}"));
    }

    private static IBehaviorController MediumLearner(string id, int seed) => ReplayStage(id, seed, ReplayStages - 1).Controller;

    private static EnvironmentEpisode Run(IEnvironment environment, IBehaviorController controller, int seed, int budget, string tag)
    {
        controller.Reset(BehaviorRollout.ControllerSeed(seed));
        return EpisodeRecorder.Roll(environment, controller, environment.Reset(seed), r => r.Length == budget, tag);
    }
}
