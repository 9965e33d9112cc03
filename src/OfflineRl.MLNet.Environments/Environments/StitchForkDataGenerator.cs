namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Logs the fork tasks' dataset: <see cref="ForkRoute.StartToTrap"/>, <see cref="ForkRoute.StartToExit"/> and
/// <see cref="ForkRoute.FeederToGoal"/> episodes (30 %, 50 %, 20 % by default, in a seeded order) and never one that goes
/// from the start to the goal.
/// </summary>
/// <remarks>
/// What each method sees at the start: the exit is the more frequent logged action (cloning takes it); the episodes that
/// went right all ended in the trap (Monte-Carlo returns 0 against the exit's 0.5, so AWR and return filtering take the exit
/// too — the goal episodes return at most 0.4 because of the feeder); only a TD backup carries the goal's value from the
/// feeder episodes through the shared junction to the start's right action. On the grid the episodes are deterministic (the
/// seed orders them); on the point version the start episodes start where the environment does (the start cell's west part,
/// <see cref="StitchForkPointEnvironment.StartPoint"/>) and the feeder episodes at a uniform point of the top feeder cell
/// <see cref="StitchForkPointEnvironment.StartInset"/> inside its sides; the waypoint controller adds Gaussian noise
/// and crosses the junction's centre on both routes that turn there (so the trap and feeder episodes share those states), and
/// an attempt that wanders through the start cell to the goal is redrawn.
/// </remarks>
public sealed class StitchForkDataGenerator
{
    /// <summary>Default number of episodes.</summary>
    public const int DefaultEpisodeCount = 100;

    /// <summary>Default share of <see cref="ForkRoute.StartToTrap"/> episodes.</summary>
    public const double DefaultTrapShare = 0.3;

    /// <summary>
    /// Default share of <see cref="ForkRoute.StartToExit"/> episodes. 0.5 rather than 0.4 (feeder 0.2 rather than 0.3): with the
    /// point version's continuous actions BC averages the junction's two continuations into a diagonal that sometimes reaches the
    /// goal, and near the start region's east edge its mean action was about 0 and drifted right (3 seeds: 5–20 % success); with
    /// more exits and fewer feeder episodes both lean to the safe side. IQL still has V(junction) = 0.85 there (the expectile
    /// of 20 × 0.99 and 30 × 0).
    /// </summary>
    public const double DefaultExitShare = 0.5;

    /// <summary>Default Gaussian action noise of the point version (actions span [−1, 1]).</summary>
    public const double DefaultNoiseScale = 0.1;

    private const int MaxAttempts = 1000;

    /// <summary>Creates a generator.</summary>
    /// <param name="environmentId"><see cref="EnvironmentCatalog.StitchFork"/> or <see cref="EnvironmentCatalog.StitchForkPoint"/>.</param>
    /// <param name="episodeCount">Number of episodes.</param>
    /// <param name="trapShare">Share of start → trap episodes.</param>
    /// <param name="exitShare">Share of start → exit episodes; the rest are feeder → goal.</param>
    /// <param name="noiseScale">Gaussian action noise (point version only).</param>
    public StitchForkDataGenerator(string environmentId, int episodeCount = DefaultEpisodeCount, double trapShare = DefaultTrapShare,
        double exitShare = DefaultExitShare, double noiseScale = DefaultNoiseScale)
    {
        EnvironmentId = EnvironmentCatalog.Canonical(environmentId);
        if (EnvironmentId is not (EnvironmentCatalog.StitchFork or EnvironmentCatalog.StitchForkPoint))
        {
            throw new ArgumentException($"{EnvironmentId} is not a fork task.", nameof(environmentId));
        }

        var failures = new List<string>();
        if (episodeCount < 1)
        {
            failures.Add($"episodeCount must be at least 1; got {episodeCount}.");
        }

        if (!(trapShare >= 0 && exitShare >= 0 && trapShare + exitShare <= 1))
        {
            failures.Add($"trapShare and exitShare must be ≥ 0 with a sum ≤ 1; got {trapShare} and {exitShare}.");
        }

        if (!(noiseScale >= 0) || double.IsPositiveInfinity(noiseScale))
        {
            failures.Add($"noiseScale must be finite and at least 0; got {noiseScale}.");
        }

        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid fork data options:" + Environment.NewLine + string.Join(Environment.NewLine, failures));
        }

        EpisodeCount = episodeCount;
        TrapShare = trapShare;
        ExitShare = exitShare;
        NoiseScale = noiseScale;
    }

    /// <summary>The environment the data is logged in.</summary>
    public string EnvironmentId { get; }

    /// <summary>Number of episodes.</summary>
    public int EpisodeCount { get; }

    /// <summary>Share of start → trap episodes.</summary>
    public double TrapShare { get; }

    /// <summary>Share of start → exit episodes.</summary>
    public double ExitShare { get; }

    /// <summary>Gaussian action noise of the point version.</summary>
    public double NoiseScale { get; }

    /// <summary>The route of every episode: round(share × count) of the trap and exit routes, the rest feeder → goal, shuffled with the seed.</summary>
    /// <param name="seed">The seed.</param>
    public ForkRoute[] Schedule(int seed)
    {
        var trap = (int)Math.Round(TrapShare * EpisodeCount, MidpointRounding.AwayFromZero);
        var exit = Math.Min(EpisodeCount - trap, (int)Math.Round(ExitShare * EpisodeCount, MidpointRounding.AwayFromZero));
        var schedule = new ForkRoute[EpisodeCount];
        for (var i = 0; i < EpisodeCount; i++)
        {
            schedule[i] = i < trap ? ForkRoute.StartToTrap : i < trap + exit ? ForkRoute.StartToExit : ForkRoute.FeederToGoal;
        }

        var random = new SeededRandom(seed);
        for (var i = EpisodeCount - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (schedule[i], schedule[j]) = (schedule[j], schedule[i]);
        }

        return schedule;
    }

    /// <summary>Generates the episodes, each tagged with its route (<c>start-to-trap</c>, <c>start-to-exit</c>, <c>feeder-to-goal</c>).</summary>
    /// <param name="seed">The seed; the same seed gives the same episodes.</param>
    public IReadOnlyList<EnvironmentEpisode> Generate(int seed)
    {
        var schedule = Schedule(seed);
        var environment = EnvironmentCatalog.Create(EnvironmentId);
        var episodes = new EnvironmentEpisode[schedule.Length];
        for (var i = 0; i < schedule.Length; i++)
        {
            for (var attempt = 0; ; attempt++)
            {
                if (attempt == MaxAttempts)
                {
                    throw new InvalidOperationException($"{EnvironmentId}: episode {i} went from the start to the goal in {attempt} attempts; lower the noise.");
                }

                var random = new SeededRandom(SeededRandom.Derive(SeededRandom.Derive(seed, i), attempt));
                var episode = Run(environment, schedule[i], random);
                if (!GoesFromStartToGoal(episode))
                {
                    episodes[i] = episode;
                    break;
                }
            }
        }

        return episodes;
    }

    /// <summary>True when an episode of a fork task is in the start cell at some point and in the goal later.</summary>
    /// <param name="episode">An episode of <see cref="StitchForkEnvironment"/> or <see cref="StitchForkPointEnvironment"/>.</param>
    public static bool GoesFromStartToGoal(EnvironmentEpisode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        if (episode.Length == 0)
        {
            return false;
        }

        var seenStart = KindOf(episode.ObservationAt(0)) == ForkCell.Start;
        for (var t = 0; t < episode.Length; t++)
        {
            var kind = KindOf(episode.NextObservationAt(t));
            if (kind == ForkCell.Goal && seenStart)
            {
                return true;
            }

            seenStart |= kind == ForkCell.Start;
        }

        return false;
    }

    /// <summary>The tag of a route's episodes.</summary>
    /// <param name="route">The route.</param>
    public static string Tag(ForkRoute route) => route switch
    {
        ForkRoute.StartToTrap => "start-to-trap",
        ForkRoute.StartToExit => "start-to-exit",
        ForkRoute.FeederToGoal => "feeder-to-goal",
        _ => "start-to-goal",
    };

    private static ForkCell KindOf(ReadOnlySpan<float> observation)
    {
        var (x, y) = StitchForkLayout.PositionOf(observation);
        return StitchForkLayout.KindOf(new GridCell((int)Math.Floor(x), (int)Math.Floor(y)));
    }

    private EnvironmentEpisode Run(IEnvironment environment, ForkRoute route, SeededRandom random)
    {
        var first = StitchForkLayout.Path(route)[0];
        var point = environment is StitchForkPointEnvironment;
        var controller = new StitchForkController(EnvironmentId, route, 0, point ? NoiseScale : 0);
        controller.Reset(random.NextInt(int.MaxValue));
        float[] observation;
        if (!point)
        {
            observation = environment.Reset([first.X, first.Y]);
        }
        else if (first == StitchForkLayout.Start)
        {
            // The evaluation's start region: starts further east put only the trap episodes' second steps there.
            var (x, y) = StitchForkPointEnvironment.StartPoint(random);
            observation = environment.Reset([x, y]);
        }
        else
        {
            const double inset = StitchForkPointEnvironment.StartInset;
            observation = environment.Reset([first.X + random.NextDouble(inset, 1 - inset), first.Y + random.NextDouble(inset, 1 - inset)]);
        }

        return EpisodeRecorder.Roll(environment, controller, observation, tag: Tag(route));
    }
}
