using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// StitchFork-v0, the seeds' stitching test on a grid (<see cref="StitchForkLayout"/>): from the start, left ends at a safe
/// exit (0.5), right leads to a junction whose logged continuations fall into a trap (0), while episodes coming down the
/// rough feeder pass the same junction and go on to the goal (1). Only a method that chains those pieces goes right.
/// </summary>
/// <remarks>
/// Actions: the four <see cref="GridAction"/> moves; a move into a wall leaves the agent in place. Reward: 1 on entering the
/// goal, <see cref="StitchForkLayout.ExitReward"/> on entering the exit, 0 on entering the trap — each ends the episode — and
/// −<see cref="StitchForkLayout.FeederCostPerCell"/> for every step taken from a feeder cell. Observation: the cell centre
/// scaled to [−1, 1] (2 floats). Every episode starts in the start cell; time limit 20.
/// </remarks>
public sealed class StitchForkEnvironment : IGoalEnvironment
{
    /// <summary>The default time limit.</summary>
    public const int DefaultTimeLimit = 20;

    private readonly EpisodeClock _clock;

    // ε-greedy measured a normalized score of 31.9. The expert follows start → junction → goal.
    /// <summary>This environment's registry entry (<see cref="EnvironmentRegistry"/>).</summary>
    internal static EnvironmentEntry Entry { get; } = new(
        EnvironmentCatalog.StitchFork,
        () => new StitchForkEnvironment(),
        knobs => new StitchForkController(EnvironmentCatalog.StitchFork, epsilon: knobs.Epsilon, noiseScale: knobs.NoiseScale),
        MediumEpsilon: 0.72,
        Reference: new ReferenceReturn(Random: 0.1455, Expert: 1.0),
        MeasuredEpsilonGreedy: 0.4185,
        Stitching: new(seed => new StitchForkDataGenerator(EnvironmentCatalog.StitchFork).Generate(seed)));

    /// <summary>Creates the environment.</summary>
    /// <param name="timeLimit">Steps before truncation.</param>
    public StitchForkEnvironment(int timeLimit = DefaultTimeLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeLimit, 1);
        _clock = new EpisodeClock(Id, timeLimit);
        Cell = StitchForkLayout.Start;
    }

    /// <inheritdoc />
    public string Id => EnvironmentCatalog.StitchFork;

    /// <summary>The agent's cell.</summary>
    public GridCell Cell { get; private set; }

    /// <inheritdoc />
    public bool ReachedGoal => StitchForkLayout.KindOf(Cell) == ForkCell.Goal;

    /// <inheritdoc />
    public int ObservationDimension => 2;

    /// <inheritdoc />
    public int StateDimension => 2;

    /// <inheritdoc />
    public ActionSpace ActionSpace { get; } = ActionSpace.Discrete(4);

    /// <inheritdoc />
    public int TimeLimit => _clock.TimeLimit;

    /// <inheritdoc />
    public int ElapsedSteps => _clock.ElapsedSteps;

    /// <inheritdoc />
    /// <remarks>The start is deterministic; the seed is accepted for the interface and ignored.</remarks>
    public float[] Reset(int seed) => Reset(StitchForkLayout.Start);

    /// <inheritdoc />
    /// <remarks>State layout: x, y of a cell that is neither a wall nor a cell that ends the episode.</remarks>
    public float[] Reset(ReadOnlySpan<double> state)
    {
        return Reset(ActionReader.ReadCell(Id, state));
    }

    /// <summary>Starts an episode in a given cell.</summary>
    /// <param name="cell">A start, bridge or feeder cell.</param>
    /// <returns>The first observation.</returns>
    public float[] Reset(GridCell cell)
    {
        var kind = StitchForkLayout.KindOf(cell);
        if (kind == ForkCell.Wall || StitchForkLayout.Ends(kind))
        {
            throw new ArgumentException($"{Id}: cannot start in {cell}: it is a wall or ends the episode.", nameof(cell));
        }

        Cell = cell;
        _clock.Start();
        return Observe(cell);
    }

    /// <inheritdoc />
    public StepResult Step(ReadOnlySpan<float> action)
    {
        _clock.EnsureRunning();
        var move = (GridAction)ActionReader.ReadDiscrete(Id, ActionSpace, action);
        var cost = StitchForkLayout.KindOf(Cell) == ForkCell.Feeder ? StitchForkLayout.FeederCostPerCell : 0.0;
        var next = StitchGridMap.Neighbor(Cell, move);
        var kind = StitchForkLayout.KindOf(next);
        var reward = -cost;
        if (kind != ForkCell.Wall)
        {
            Cell = next;
            reward += StitchForkLayout.EntryReward(kind);
        }

        var terminated = StitchForkLayout.Ends(StitchForkLayout.KindOf(Cell));
        var truncated = _clock.Tick(terminated);
        return new StepResult(Observe(Cell), reward, terminated, truncated);
    }

    /// <inheritdoc />
    public double[] GetState() => [Cell.X, Cell.Y];

    /// <summary>The observation of a cell: its centre scaled to [−1, 1].</summary>
    /// <param name="cell">A cell of the map.</param>
    public static float[] Observe(GridCell cell) => StitchForkLayout.Observe(cell.X + 0.5, cell.Y + 0.5);

    /// <summary>The cell an observation describes.</summary>
    /// <param name="observation">An observation of this environment.</param>
    public static GridCell CellOf(ReadOnlySpan<float> observation)
    {
        var (x, y) = StitchForkLayout.PositionOf(observation);
        return new GridCell((int)Math.Floor(x), (int)Math.Floor(y));
    }
}
