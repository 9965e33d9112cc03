using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>Turns logged environment episodes into a <see cref="TrajectoryDataset"/> and generates the standard datasets.</summary>
public static class EpisodeDatasets
{
    /// <summary>
    /// Builds a dataset from <paramref name="episodes"/> (one dataset episode per environment episode, ids 0, 1, …),
    /// keeping terminals and truncations (timeouts) apart and recording next observations.
    /// </summary>
    /// <param name="episodes">The episodes, all with the same observation dimension and action space.</param>
    /// <param name="source">The name the dataset reports as its source.</param>
    /// <param name="actionSpace">The action space; <see langword="null"/> uses the first episode's.</param>
    public static TrajectoryDataset ToDataset(IReadOnlyList<EnvironmentEpisode> episodes, string source, ActionSpace? actionSpace = null)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        ArgumentNullException.ThrowIfNull(source);
        if (episodes.Count == 0)
        {
            throw new ArgumentException("At least one episode is needed to build a dataset.", nameof(episodes));
        }

        var space = actionSpace ?? episodes[0].ActionSpace;
        var observationDimension = episodes[0].ObservationDimension;
        var builder = new TrajectoryDatasetBuilder(source, observationDimension, space.Dimension);
        for (var e = 0; e < episodes.Count; e++)
        {
            var episode = episodes[e];
            if (episode.ObservationDimension != observationDimension || !episode.ActionSpace.Equals(space))
            {
                throw new ArgumentException(
                    $"Episode {e} ({episode.EnvironmentId}) has {episode.ObservationDimension} observation values and actions {episode.ActionSpace}; " +
                    $"expected {observationDimension} and {space}.", nameof(episodes));
            }

            for (var t = 0; t < episode.Length; t++)
            {
                var observation = episode.ObservationAt(t);
                var next = episode.NextObservationAt(t);
                if (space.IsDiscrete)
                {
                    builder.AddStep(e, observation, (int)episode.Actions[t], episode.Rewards[t], episode.Terminals[t], episode.Truncations[t], next, t);
                }
                else
                {
                    var action = episode.Actions.AsSpan(t * space.Dimension, space.Dimension);
                    builder.AddStep(e, observation, action, episode.Rewards[t], episode.Terminals[t], episode.Truncations[t], next, t);
                }
            }
        }

        return builder.Build(LoadOptionsFor(space, source));
    }

    /// <summary>
    /// Generates the dataset for <paramref name="environmentId"/>: behavior data of <paramref name="kind"/> for the classic-control
    /// environments, or the recipe of a stitching task (<see cref="IsStitching"/>: StitchGrid-v0, StitchPointMaze-v0, StitchFork-v0 and
    /// StitchForkPoint-v0), where <paramref name="kind"/> and <paramref name="steps"/> are ignored; the recipe fixes the number of episodes.
    /// </summary>
    /// <param name="environmentId">An id from <see cref="EnvironmentCatalog.Ids"/>.</param>
    /// <param name="kind">The behavior level mix (classic control only).</param>
    /// <param name="steps">The number of steps to log (classic control only).</param>
    /// <param name="seed">The seed; the same seed gives the same dataset.</param>
    public static TrajectoryDataset Generate(string environmentId, BehaviorDatasetKind kind, int steps, int seed)
    {
        var id = EnvironmentCatalog.Canonical(environmentId);
        var episodes = Episodes(id, kind, steps, seed);
        var name = IsStitching(id) ? $"{id}-stitch-seed{seed}" : $"{id}-{KindName(kind)}-seed{seed}";
        return ToDataset(episodes, name, EnvironmentCatalog.Create(id).ActionSpace);
    }

    /// <summary>The raw episodes <see cref="Generate"/> builds its dataset from.</summary>
    /// <param name="environmentId">An id from <see cref="EnvironmentCatalog.Ids"/>.</param>
    /// <param name="kind">The behavior level mix (classic control only).</param>
    /// <param name="steps">The number of steps to log (classic control only).</param>
    /// <param name="seed">The seed.</param>
    public static IReadOnlyList<EnvironmentEpisode> Episodes(string environmentId, BehaviorDatasetKind kind, int steps, int seed)
    {
        var entry = EnvironmentRegistry.Get(environmentId);
        return entry.Stitching is { } stitching ? stitching.Recipe(seed)
            : entry.IsLocomotion ? LocomotionDataGenerator.Generate(entry.Id, kind, steps, seed)
            : BehaviorDataGenerator.Generate(entry.Id, kind, steps, seed);
    }

    /// <summary>Whether <paramref name="environmentId"/> logs its data with the stitching recipe.</summary>
    /// <param name="environmentId">An environment id.</param>
    public static bool IsStitching(string environmentId) => EnvironmentRegistry.Get(environmentId).IsStitching;

    /// <summary>Parses a D4RL-style kind name: random, medium, expert, medium-replay, medium-expert.</summary>
    /// <param name="name">The name (case-insensitive; underscores are accepted for hyphens).</param>
    public static BehaviorDatasetKind ParseKind(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant().Replace('_', '-') switch
        {
            "random" => BehaviorDatasetKind.Random,
            "medium" => BehaviorDatasetKind.Medium,
            "expert" => BehaviorDatasetKind.Expert,
            "medium-replay" => BehaviorDatasetKind.MediumReplay,
            "medium-expert" => BehaviorDatasetKind.MediumExpert,
            _ => throw new ArgumentException($"Unknown dataset kind '{name}'. Known: random, medium, expert, medium-replay, medium-expert.", nameof(name)),
        };
    }

    /// <summary>The D4RL-style name of <paramref name="kind"/>.</summary>
    /// <param name="kind">The kind.</param>
    public static string KindName(BehaviorDatasetKind kind) => kind switch
    {
        BehaviorDatasetKind.Random => "random",
        BehaviorDatasetKind.Medium => "medium",
        BehaviorDatasetKind.Expert => "expert",
        BehaviorDatasetKind.MediumReplay => "medium-replay",
        BehaviorDatasetKind.MediumExpert => "medium-expert",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown dataset kind."),
    };

    private static DatasetLoadOptions LoadOptionsFor(ActionSpace space, string source) => space.IsDiscrete
        ? new DatasetLoadOptions { ActionKind = ActionKind.Discrete, DiscreteActionCount = space.Count, SourceName = source }
        : new DatasetLoadOptions { ActionKind = ActionKind.Continuous, ActionLow = space.Low, ActionHigh = space.High, SourceName = source };
}
