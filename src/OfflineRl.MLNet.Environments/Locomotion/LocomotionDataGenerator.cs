using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Logs D4RL-protocol datasets in the MuJoCo locomotion tasks: whole episodes until a step budget is spent, terminals
/// (falls) and timeouts (the 1,000-step limit, or the budget cutting the last episode) kept apart.
/// </summary>
/// <remarks>
/// <para>random: uniformly random actions in [−1, 1] (D4RL rolled out a randomly initialized policy instead).
/// medium and expert: actions drawn from the behaviour policy's distribution. medium-expert: the first half of the
/// budget from the medium policy, the second from the expert. medium-replay is not rolled out: it is the replay buffer of
/// the training run that produced the medium policy, given as episodes.</para>
/// <para>Episode <c>k</c> resets the environment with a seed derived from (seed, k) and seeds the policy's draws from it,
/// so the same arguments always give the same episodes.</para>
/// </remarks>
public static class LocomotionDataGenerator
{
    /// <summary>Generates the episodes of one dataset.</summary>
    /// <param name="environmentId">A locomotion id from <see cref="EnvironmentCatalog.LocomotionIds"/>.</param>
    /// <param name="kind">random, medium, expert or medium-expert (medium-replay comes from the training run's buffer).</param>
    /// <param name="steps">The step budget: the total number of rows.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="medium">The medium policy (medium and medium-expert).</param>
    /// <param name="expert">The expert policy (expert and medium-expert).</param>
    /// <returns>The episodes, each tagged with the policy that produced it.</returns>
    /// <exception cref="ArgumentException">For a non-locomotion id, a missing policy, or medium-replay.</exception>
    public static IReadOnlyList<EnvironmentEpisode> Generate(string environmentId, BehaviorDatasetKind kind, int steps, int seed, Policy? medium = null, Policy? expert = null)
    {
        var entry = EnvironmentRegistry.Get(environmentId);
        if (!entry.IsLocomotion)
        {
            throw new ArgumentException($"{entry.Id} is not a locomotion task ({string.Join(", ", EnvironmentCatalog.LocomotionIds)}).", nameof(environmentId));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var id = entry.Id;
        using var environment = (LocomotionEnvironment)entry.Create();
        var controllers = new Dictionary<string, IBehaviorController>();
        IBehaviorController Behaviour(Policy? policy, string name) => policy is null
            ? throw new ArgumentException($"{id} {Evaluation.EpisodeDatasets.KindName(kind)} needs the {name} policy.", name)
            : controllers.TryGetValue(name, out var made) ? made : controllers[name] = new PolicyController(environment, policy, sample: true);
        var random = new UniformController(id, environment.ActionSpace);
        var episodes = new List<EnvironmentEpisode>();
        var used = 0;
        for (var k = 0; used < steps; k++)
        {
            var (controller, tag) = kind switch
            {
                BehaviorDatasetKind.Random => ((IBehaviorController)random, "random"),
                BehaviorDatasetKind.Medium => (Behaviour(medium, nameof(medium)), "medium"),
                BehaviorDatasetKind.Expert => (Behaviour(expert, nameof(expert)), "expert"),
                BehaviorDatasetKind.MediumExpert => used < steps / 2
                    ? (Behaviour(medium, nameof(medium)), "medium")
                    : (Behaviour(expert, nameof(expert)), "expert"),
                _ => throw new ArgumentException(
                    $"{id} medium-replay is the replay buffer of the run that trained the medium policy, not a rollout.", nameof(kind)),
            };
            var episodeSeed = unchecked((int)SeededRandom.Derive(seed, k));
            controller.Reset(BehaviorRollout.ControllerSeed(episodeSeed));
            var budget = steps - used;
            var episode = EpisodeRecorder.Roll(environment, controller, environment.Reset(episodeSeed), r => r.Length == budget, tag);
            episodes.Add(episode);
            used += episode.Length;
        }

        return episodes;
    }

    /// <summary>
    /// medium-replay: the first <paramref name="steps"/> transitions of a training run's replay log (<c>replay.npz</c> of
    /// <see cref="BehaviorPolicyTraining"/>), that is, everything the run had seen when its medium checkpoint was saved; the
    /// episode running at that step is cut there and marked truncated.
    /// </summary>
    /// <param name="replay">The run's replay log, rows in the order they were taken.</param>
    /// <param name="steps">The medium checkpoint's step.</param>
    /// <param name="source">The name the dataset reports.</param>
    /// <exception cref="ArgumentException">When the log is shorter than <paramref name="steps"/> or lacks next observations.</exception>
    public static TrajectoryDataset ReplayPrefix(TrajectoryDataset replay, int steps, string source)
    {
        ArgumentNullException.ThrowIfNull(replay);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        if (replay.Count < steps || !replay.HasNextObservations || replay.ActionSpace.IsDiscrete)
        {
            throw new ArgumentException(
                $"{replay.Source}: a replay log with at least {steps} continuous-action rows and next observations is needed; it has {replay.Count} rows.", nameof(replay));
        }

        var (d, a) = (replay.ObservationDimension, replay.ActionSpace.Dimension);
        var builder = new TrajectoryDatasetBuilder(source, d, a);
        for (var e = 0; e < replay.EpisodeCount; e++)
        {
            var episode = replay.GetEpisode(e);
            for (var r = episode.Start; r < episode.End && r < steps; r++)
            {
                var cut = r == steps - 1 && r != episode.End - 1;
                builder.AddStep(e, replay.GetObservation(r), replay.GetContinuousAction(r), replay.Rewards[r], replay.IsTerminal[r],
                    replay.IsTruncated[r] || cut, replay.NextObservations.Slice(r * d, d), r - episode.Start);
            }
        }

        return builder.Build(new DatasetLoadOptions
        {
            ActionKind = ActionKind.Continuous,
            ActionLow = replay.ActionSpace.Low,
            ActionHigh = replay.ActionSpace.High,
            SourceName = source,
        });
    }

}
