namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Logs the StitchGrid dataset: planner episodes with random actions mixed in (20% by default) covering
/// start room → hub, hub → goal, hub → dead end and hub → start room, and never start room → goal, so a
/// policy must stitch two episodes to solve the task.
/// </summary>
/// <remarks>
/// Each episode starts in a uniformly drawn cell of its segment's first room, heads with
/// <see cref="StitchGridController"/> for a uniformly drawn cell of the target room (the goal cell for
/// <see cref="StitchSegment.HubToGoal"/>) and stops on arrival: terminal at the goal, truncated elsewhere.
/// Episodes that do not arrive within <see cref="StitchDataOptions.MaxEpisodeSteps"/> are truncated.
/// An attempt whose random moves carry it from the start room into the goal room is discarded and redrawn;
/// <see cref="EnsureNoStartToGoal"/> then checks the whole dataset and throws if one slipped through.
/// The same seed and options always give the same episodes.
/// </remarks>
public sealed class StitchGridDataGenerator
{
    /// <summary>Creates a generator.</summary>
    /// <param name="map">The map; <see cref="StitchGridMap.Default"/> when null.</param>
    /// <param name="options">The recipe; defaults when null.</param>
    /// <exception cref="ArgumentException">When the options are invalid (all failures listed).</exception>
    public StitchGridDataGenerator(StitchGridMap? map = null, StitchDataOptions? options = null)
    {
        Map = map ?? StitchGridMap.Default;
        Options = options ?? new StitchDataOptions();
        Options.Validate();
    }

    /// <summary>The map.</summary>
    public StitchGridMap Map { get; }

    /// <summary>The recipe.</summary>
    public StitchDataOptions Options { get; }

    /// <summary>Generates the episodes.</summary>
    /// <param name="seed">Seed of every draw (segment order, starts, targets, random actions).</param>
    /// <returns>The episodes, each tagged with its segment (for example <c>hub-to-goal</c>).</returns>
    /// <exception cref="InvalidOperationException">When an episode goes from the start room to the goal.</exception>
    public IReadOnlyList<EnvironmentEpisode> Generate(int seed)
    {
        var environment = new StitchGridEnvironment(Map, Options.MaxEpisodeSteps);
        return StitchRecipe.Generate(Options, seed, environment.Id, "lower the random-action probability", (segment, random) => Run(environment, segment, random));
    }

    /// <summary>
    /// True when an episode of either stitching environment is in the start room at some point and in the
    /// goal room later (judged from the observations' room indicators). This is stricter than reaching the goal
    /// cell: even a partial start → goal-room path would let cloning solve the task without stitching.
    /// </summary>
    /// <param name="episode">An episode of <see cref="StitchGridEnvironment"/> or <see cref="PointMazeEnvironment"/>.</param>
    /// <returns>Whether it goes from the start room to the goal room.</returns>
    public static bool GoesFromStartToGoal(EnvironmentEpisode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        if (episode.ObservationDimension != StitchObservation.Dimension)
        {
            throw new ArgumentException($"{episode.EnvironmentId} is not a stitching environment.", nameof(episode));
        }

        if (episode.Length == 0)
        {
            return false;
        }

        var seenStart = StitchRecipe.RoomOf(episode.ObservationAt(0)) == StitchRoom.Start;
        for (var t = 0; t < episode.Length; t++)
        {
            var room = StitchRecipe.RoomOf(episode.NextObservationAt(t));
            if (room == StitchRoom.Goal && seenStart)
            {
                return true;
            }

            seenStart |= room == StitchRoom.Start;
        }

        return false;
    }

    /// <summary>Throws when any episode goes from the start room to the goal room.</summary>
    /// <param name="episodes">Stitching episodes.</param>
    /// <exception cref="InvalidOperationException">Naming the first offending episode.</exception>
    public static void EnsureNoStartToGoal(IReadOnlyList<EnvironmentEpisode> episodes)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        for (var i = 0; i < episodes.Count; i++)
        {
            if (GoesFromStartToGoal(episodes[i]))
            {
                throw new InvalidOperationException(
                    $"{episodes[i].EnvironmentId}: episode {i} ({episodes[i].Tag}) goes from the start room to the goal; the stitching dataset must not contain such a path.");
            }
        }
    }

    private EnvironmentEpisode Run(StitchGridEnvironment environment, StitchSegment segment, SeededRandom random)
    {
        var start = StitchRecipe.Pick(Map, StitchRecipe.From(segment), random);
        var target = StitchRecipe.Target(Map, segment, random);
        var controller = new StitchGridController(Map, target, Options.RandomActionProbability);
        controller.Reset(random.NextInt(int.MaxValue));
        return EpisodeRecorder.Roll(environment, controller, environment.Reset(start), _ => environment.Cell == target, StitchRecipe.Tag(segment));
    }
}
