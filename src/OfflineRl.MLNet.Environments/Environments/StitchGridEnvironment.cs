using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// StitchGrid-v0, the stitching benchmark: a deterministic gridworld on <see cref="StitchGridMap"/> whose
/// start room reaches the goal room only through a hub corridor that also leads to a dead-end room.
/// </summary>
/// <remarks>
/// <para>
/// Actions: the four <see cref="GridAction"/> moves; a move into a wall leaves the agent in place.
/// Reward 1 on entering the goal cell, which terminates the episode; 0 otherwise.
/// </para>
/// <para>
/// Observation (6 floats): the cell centre scaled to [−1, 1] — 2(x + ½)/width − 1, 2(y + ½)/height − 1 —
/// then one-hot room indicators for start, hub, dead end and goal room. State: the cell's x and y.
/// </para>
/// <para>
/// <see cref="Reset(int)"/> starts in a start-room cell drawn uniformly. The default time limit is twice
/// the longest shortest path from a start-room cell to the goal (42 moves on the default map), a short
/// horizon that leaves no time for a tour of the dead end.
/// </para>
/// </remarks>
public sealed class StitchGridEnvironment : IEnvironment
{
    private readonly EpisodeClock _clock;

    // ε-greedy measured a normalized score of 33.0. The expert is the planner heading for the goal (success = return
    // 1); the random walk never reached the goal within the short horizon in the 100 measured episodes.
    /// <summary>This environment's registry entry (<see cref="EnvironmentRegistry"/>).</summary>
    internal static EnvironmentEntry Entry { get; } = new(
        EnvironmentCatalog.StitchGrid,
        () => new StitchGridEnvironment(),
        knobs => new StitchGridController(epsilon: knobs.Epsilon),
        MediumEpsilon: 0.6,
        Reference: new ReferenceReturn(Random: 0.0, Expert: 1.0),
        MeasuredEpsilonGreedy: 0.33,
        Stitching: new(seed => new StitchGridDataGenerator().Generate(seed)));

    /// <summary>Creates the environment.</summary>
    /// <param name="map">The map; <see cref="StitchGridMap.Default"/> when null.</param>
    /// <param name="timeLimit">Steps before truncation; twice the longest start-to-goal distance when null.</param>
    public StitchGridEnvironment(StitchGridMap? map = null, int? timeLimit = null)
    {
        Map = map ?? StitchGridMap.Default;
        var limit = timeLimit ?? (2 * Map.LongestStartToGoalDistance);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1, nameof(timeLimit));
        _clock = new EpisodeClock(Id, limit);
        Cell = Map.CellsIn(StitchRoom.Start)[0];
    }

    /// <inheritdoc />
    public string Id => EnvironmentCatalog.StitchGrid;

    /// <summary>The map.</summary>
    public StitchGridMap Map { get; }

    /// <summary>The agent's cell.</summary>
    public GridCell Cell { get; private set; }

    /// <inheritdoc />
    public int ObservationDimension => StitchObservation.Dimension;

    /// <inheritdoc />
    public int StateDimension => 2;

    /// <inheritdoc />
    public ActionSpace ActionSpace { get; } = ActionSpace.Discrete(4);

    /// <inheritdoc />
    public int TimeLimit => _clock.TimeLimit;

    /// <inheritdoc />
    public int ElapsedSteps => _clock.ElapsedSteps;

    /// <inheritdoc />
    public float[] Reset(int seed)
    {
        var random = new SeededRandom(seed);
        var starts = Map.CellsIn(StitchRoom.Start);
        return Reset(starts[random.NextInt(starts.Count)]);
    }

    /// <inheritdoc />
    /// <remarks>State layout: x (column), y (row), integral values of a free cell other than the goal.</remarks>
    public float[] Reset(ReadOnlySpan<double> state)
    {
        return Reset(ActionReader.ReadCell(Id, state));
    }

    /// <summary>Starts an episode in a given cell.</summary>
    /// <param name="cell">A free cell other than the goal.</param>
    /// <returns>The first observation.</returns>
    /// <exception cref="ArgumentException">When the cell is a wall or the goal.</exception>
    public float[] Reset(GridCell cell)
    {
        if (!Map.IsFree(cell) || cell == Map.Goal)
        {
            throw new ArgumentException($"{Id}: cannot start in {cell}: it is a wall or the goal.", nameof(cell));
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
        Cell = Map.Move(Cell, move);
        var terminated = Cell == Map.Goal;
        var truncated = _clock.Tick(terminated);
        return new StepResult(Observe(Cell), terminated ? 1.0 : 0.0, terminated, truncated);
    }

    /// <inheritdoc />
    public double[] GetState() => [Cell.X, Cell.Y];

    /// <summary>The observation of a cell, as the environment reports it.</summary>
    /// <param name="cell">A cell of the map.</param>
    /// <returns>The 6-float observation.</returns>
    public float[] Observe(GridCell cell) => StitchObservation.Encode(Map, cell.X + 0.5, cell.Y + 0.5);

    /// <summary>The cell an observation of this environment describes.</summary>
    /// <param name="observation">An observation from <see cref="Observe(GridCell)"/>.</param>
    /// <returns>The cell.</returns>
    public GridCell CellOf(ReadOnlySpan<float> observation)
    {
        var (x, y) = StitchObservation.DecodePosition(Map, observation);
        return new GridCell((int)Math.Floor(x), (int)Math.Floor(y));
    }
}
