using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// StitchPointMaze-v0: the continuous version of <see cref="StitchGridEnvironment"/>. A point moves in the
/// plane of the same map (cell (x, y) is the unit square [x, x+1) × [y, y+1)); walls block it.
/// </summary>
/// <remarks>
/// <para>
/// Action: a 2-D velocity in [−1, 1]² (clipped). Each step moves the point by <see cref="StepSize"/> times the
/// action, first along x, then along y; a move that would enter a wall cell stops just short of the wall, so
/// the point slides along walls and never cuts corners.
/// </para>
/// <para>
/// Reward 1 when the point ends a step within <see cref="GoalRadius"/> of the goal cell's centre, which
/// terminates the episode; 0 otherwise. Observation: the position scaled to [−1, 1] plus the four one-hot
/// room indicators of the cell it is in (the same encoding as the grid, which observes cell centres).
/// State: the position (x, y) in cell units.
/// </para>
/// <para>
/// <see cref="Reset(int)"/> starts at a uniform point of a uniformly drawn start-room cell (kept 0.1 away
/// from the cell's sides). The default time limit is 2 × the longest start-to-goal path in cells /
/// <see cref="StepSize"/> (84 steps on the default map).
/// </para>
/// </remarks>
public sealed class PointMazeEnvironment : IEnvironment
{
    /// <summary>Distance moved per step by a full action along one axis (cells).</summary>
    public const double StepSize = 0.5;

    /// <summary>Distance from the goal cell's centre that counts as reaching it (cells).</summary>
    public const double GoalRadius = 0.5;

    private const double WallMargin = 1e-6;

    private readonly EpisodeClock _clock;
    private double _x;
    private double _y;

    // ε-greedy measured a normalized score of 33.0; expert and random as on the grid. A point moves half a cell per
    // step, hence the point discount.
    /// <summary>This environment's registry entry (<see cref="EnvironmentRegistry"/>).</summary>
    internal static EnvironmentEntry Entry { get; } = new(
        EnvironmentCatalog.StitchPointMaze,
        () => new PointMazeEnvironment(),
        knobs => new PointMazeController(epsilon: knobs.Epsilon, noiseScale: knobs.NoiseScale),
        MediumEpsilon: 0.6,
        Reference: new ReferenceReturn(Random: 0.0, Expert: 1.0),
        MeasuredEpsilonGreedy: 0.33,
        Stitching: new(seed => new PointMazeDataGenerator().Generate(seed)));

    /// <summary>Creates the environment.</summary>
    /// <param name="map">The map; <see cref="StitchGridMap.Default"/> when null.</param>
    /// <param name="timeLimit">Steps before truncation; see the remarks for the default.</param>
    public PointMazeEnvironment(StitchGridMap? map = null, int? timeLimit = null)
    {
        Map = map ?? StitchGridMap.Default;
        var limit = timeLimit ?? (int)Math.Ceiling(2 * Map.LongestStartToGoalDistance / StepSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1, nameof(timeLimit));
        _clock = new EpisodeClock(Id, limit);
        var first = Map.CellsIn(StitchRoom.Start)[0];
        (_x, _y) = (first.X + 0.5, first.Y + 0.5);
    }

    /// <inheritdoc />
    public string Id => EnvironmentCatalog.StitchPointMaze;

    /// <summary>The map.</summary>
    public StitchGridMap Map { get; }

    /// <summary>The goal point: the centre of the goal cell.</summary>
    public (double X, double Y) GoalPoint => (Map.Goal.X + 0.5, Map.Goal.Y + 0.5);

    /// <summary>The cell the point is in.</summary>
    public GridCell Cell => new((int)Math.Floor(_x), (int)Math.Floor(_y));

    /// <inheritdoc />
    public int ObservationDimension => StitchObservation.Dimension;

    /// <inheritdoc />
    public int StateDimension => 2;

    /// <inheritdoc />
    public ActionSpace ActionSpace { get; } = ActionSpace.Continuous(2, [-1f, -1f], [1f, 1f]);

    /// <inheritdoc />
    public int TimeLimit => _clock.TimeLimit;

    /// <inheritdoc />
    public int ElapsedSteps => _clock.ElapsedSteps;

    /// <inheritdoc />
    public float[] Reset(int seed)
    {
        var random = new SeededRandom(seed);
        var starts = Map.CellsIn(StitchRoom.Start);
        var cell = starts[random.NextInt(starts.Count)];
        var x = cell.X + random.NextDouble(0.1, 0.9);
        var y = cell.Y + random.NextDouble(0.1, 0.9);
        return Reset([x, y]);
    }

    /// <inheritdoc />
    /// <remarks>State layout: x, y in cell units; the point must be in a free cell and not already at the goal.</remarks>
    public float[] Reset(ReadOnlySpan<double> state)
    {
        ActionReader.CheckState(Id, state, StateDimension);
        var cell = new GridCell((int)Math.Floor(state[0]), (int)Math.Floor(state[1]));
        if (!Map.IsFree(cell))
        {
            throw new ArgumentException($"{Id}: ({state[0]}, {state[1]}) is inside a wall.", nameof(state));
        }

        if (AtGoal(state[0], state[1]))
        {
            throw new ArgumentException($"{Id}: ({state[0]}, {state[1]}) is already at the goal.", nameof(state));
        }

        (_x, _y) = (state[0], state[1]);
        _clock.Start();
        return Observe();
    }

    /// <inheritdoc />
    public StepResult Step(ReadOnlySpan<float> action)
    {
        _clock.EnsureRunning();
        ActionReader.CheckContinuous(Id, ActionSpace, action);
        var dx = Math.Clamp(action[0], -1.0, 1.0) * StepSize;
        var dy = Math.Clamp(action[1], -1.0, 1.0) * StepSize;
        _x = MoveAxis(_x, dx, x => new GridCell((int)Math.Floor(x), (int)Math.Floor(_y)));
        _y = MoveAxis(_y, dy, y => new GridCell((int)Math.Floor(_x), (int)Math.Floor(y)));
        var terminated = AtGoal(_x, _y);
        var truncated = _clock.Tick(terminated);
        return new StepResult(Observe(), terminated ? 1.0 : 0.0, terminated, truncated);
    }

    /// <inheritdoc />
    public double[] GetState() => [_x, _y];

    /// <summary>The observation of a position, as the environment reports it.</summary>
    /// <param name="x">x in cell units.</param>
    /// <param name="y">y in cell units.</param>
    /// <returns>The 6-float observation.</returns>
    public float[] Observe(double x, double y) => StitchObservation.Encode(Map, x, y);

    /// <summary>The position an observation describes (float32 precision).</summary>
    /// <param name="observation">An observation of this environment.</param>
    /// <returns>x and y in cell units.</returns>
    public (double X, double Y) PositionOf(ReadOnlySpan<float> observation) => StitchObservation.DecodePosition(Map, observation);

    /// <summary>True when a point is within <see cref="GoalRadius"/> of the goal cell's centre.</summary>
    /// <param name="x">x in cell units.</param>
    /// <param name="y">y in cell units.</param>
    /// <returns>Whether the point is at the goal.</returns>
    public bool AtGoal(double x, double y)
    {
        var (gx, gy) = GoalPoint;
        return ((x - gx) * (x - gx)) + ((y - gy) * (y - gy)) <= GoalRadius * GoalRadius;
    }

    private double MoveAxis(double value, double delta, Func<double, GridCell> cellAt)
    {
        // |delta| <= 0.5 < 1, so the move enters at most the next cell along the axis.
        var moved = value + delta;
        if (Map.IsFree(cellAt(moved)))
        {
            return moved;
        }

        var cellStart = Math.Floor(value);
        return delta > 0 ? cellStart + 1 - WallMargin : cellStart;
    }

    private float[] Observe() => Observe(_x, _y);
}
