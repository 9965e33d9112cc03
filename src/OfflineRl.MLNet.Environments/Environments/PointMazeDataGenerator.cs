namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Logs the StitchPointMaze dataset with the same recipe as <see cref="StitchGridDataGenerator"/>, driven by
/// the noisy <see cref="PointMazeController"/>: random actions with probability
/// <see cref="StitchDataOptions.RandomActionProbability"/>, Gaussian noise of
/// <see cref="StitchDataOptions.NoiseScale"/> otherwise.
/// </summary>
/// <remarks>
/// An episode starts at a uniform point (0.1 from the sides) of a uniformly drawn cell of its first room and
/// stops when the point enters the target cell (truncated) or reaches the goal (terminal, reward 1).
/// Attempts that go from the start room into the goal room are redrawn, and the dataset is checked with
/// <see cref="StitchGridDataGenerator.EnsureNoStartToGoal"/>.
/// </remarks>
public sealed class PointMazeDataGenerator
{
    /// <summary>Creates a generator.</summary>
    /// <param name="map">The map; <see cref="StitchGridMap.Default"/> when null.</param>
    /// <param name="options">The recipe; defaults when null.</param>
    /// <exception cref="ArgumentException">When the options are invalid (all failures listed).</exception>
    public PointMazeDataGenerator(StitchGridMap? map = null, StitchDataOptions? options = null)
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
    /// <param name="seed">Seed of every draw.</param>
    /// <returns>The episodes, each tagged with its segment.</returns>
    /// <exception cref="InvalidOperationException">When an episode goes from the start room to the goal.</exception>
    public IReadOnlyList<EnvironmentEpisode> Generate(int seed)
    {
        var environment = new PointMazeEnvironment(Map, Options.MaxEpisodeSteps);
        return StitchRecipe.Generate(Options, seed, environment.Id, "lower the noise", (segment, random) => Run(environment, segment, random));
    }

    private EnvironmentEpisode Run(PointMazeEnvironment environment, StitchSegment segment, SeededRandom random)
    {
        var startCell = StitchRecipe.Pick(Map, StitchRecipe.From(segment), random);
        var target = StitchRecipe.Target(Map, segment, random);
        var controller = new PointMazeController(Map, target, Options.RandomActionProbability, Options.NoiseScale);
        controller.Reset(random.NextInt(int.MaxValue));
        var observation = environment.Reset([startCell.X + random.NextDouble(0.1, 0.9), startCell.Y + random.NextDouble(0.1, 0.9)]);
        return EpisodeRecorder.Roll(environment, controller, observation,
            _ => segment != StitchSegment.HubToGoal && environment.Cell == target, StitchRecipe.Tag(segment));
    }
}
