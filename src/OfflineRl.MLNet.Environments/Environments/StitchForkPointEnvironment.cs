using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// StitchForkPoint-v0: the continuous 2-D version of <see cref="StitchForkEnvironment"/>. A point moves in the plane of the
/// same map (cell (x, y) is the unit square [x, x+1) × [y, y+1)); walls block it.
/// </summary>
/// <remarks>
/// Action: a 2-D velocity in [−1, 1]² (clipped); each step moves the point by <see cref="StepSize"/> times it, first along x,
/// then along y, stopping just short of a wall. Entering the goal, exit or trap cell ends the episode with reward 1, 0.5 or 0;
/// a step that starts in a feeder cell costs <see cref="StitchForkLayout.FeederCostPerCell"/> × <see cref="StepSize"/> (the
/// grid's cost per cell at full speed; coming down the feeder takes at least 7 steps, so a feeder → goal episode returns at
/// most 1 − 0.525 = 0.475 &lt; 0.5). Observation: the position scaled to [−1, 1]. <see cref="Reset(int)"/> starts at a uniform
/// point of the start cell's west part (<see cref="StartInset"/> to <see cref="StartEastEdge"/> across, <see cref="StartInset"/>
/// from the top and bottom). Time limit 40.
/// </remarks>
public sealed class StitchForkPointEnvironment : IGoalEnvironment
{
    /// <summary>Distance moved per step by a full action along one axis (cells).</summary>
    public const double StepSize = 0.5;

    /// <summary>The default time limit.</summary>
    public const int DefaultTimeLimit = 40;

    /// <summary>How far inside its cell's sides (cells) an episode of this task or its data starts.</summary>
    public const double StartInset = 0.2;

    /// <summary>
    /// The east edge of the start region, as an offset into the start cell (cells): <see cref="Reset(int)"/> starts in the west
    /// part of the start cell, so a logged step toward the junction (0.5 cells) leaves the start region as the grid's right
    /// move leaves the start cell. Starting anywhere in the cell let BC and AWR copy the trap episodes' second steps in its
    /// east half, go right and reach the goal by averaging the junction's two continuations (25 % and 12 % on three seeds).
    /// </summary>
    public const double StartEastEdge = 0.5;

    private const double WallMargin = 1e-6;

    private readonly EpisodeClock _clock;
    private double _x;
    private double _y;

    // ε-greedy measured a normalized score of 32.6. The expert follows start → junction → goal. A point moves half a
    // cell per step, hence the point discount.
    /// <summary>This environment's registry entry (<see cref="EnvironmentRegistry"/>).</summary>
    internal static EnvironmentEntry Entry { get; } = new(
        EnvironmentCatalog.StitchForkPoint,
        () => new StitchForkPointEnvironment(),
        knobs => new StitchForkController(EnvironmentCatalog.StitchForkPoint, epsilon: knobs.Epsilon, noiseScale: knobs.NoiseScale),
        MediumEpsilon: 0.77,
        Reference: new ReferenceReturn(Random: 0.184, Expert: 1.0),
        MeasuredEpsilonGreedy: 0.44975,
        Stitching: new(seed => new StitchForkDataGenerator(EnvironmentCatalog.StitchForkPoint).Generate(seed)));

    /// <summary>Creates the environment.</summary>
    /// <param name="timeLimit">Steps before truncation.</param>
    public StitchForkPointEnvironment(int timeLimit = DefaultTimeLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeLimit, 1);
        _clock = new EpisodeClock(Id, timeLimit);
        (_x, _y) = (StitchForkLayout.Start.X + 0.5, StitchForkLayout.Start.Y + 0.5);
    }

    /// <inheritdoc />
    public string Id => EnvironmentCatalog.StitchForkPoint;

    /// <summary>The cell the point is in.</summary>
    public GridCell Cell => new((int)Math.Floor(_x), (int)Math.Floor(_y));

    /// <inheritdoc />
    public bool ReachedGoal => StitchForkLayout.KindOf(Cell) == ForkCell.Goal;

    /// <inheritdoc />
    public int ObservationDimension => 2;

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
        var (x, y) = StartPoint(new SeededRandom(seed));
        return Reset([x, y]);
    }

    /// <summary>A uniform point of the start region (x then y drawn from <paramref name="random"/>); the data's start episodes use it too.</summary>
    internal static (double X, double Y) StartPoint(SeededRandom random)
    {
        var start = StitchForkLayout.Start;
        var x = start.X + random.NextDouble(StartInset, StartEastEdge);
        return (x, start.Y + random.NextDouble(StartInset, 1 - StartInset));
    }

    /// <inheritdoc />
    /// <remarks>State layout: x, y in cell units, inside a start, bridge or feeder cell.</remarks>
    public float[] Reset(ReadOnlySpan<double> state)
    {
        ActionReader.CheckState(Id, state, StateDimension);
        var kind = StitchForkLayout.KindOf(new GridCell((int)Math.Floor(state[0]), (int)Math.Floor(state[1])));
        if (kind == ForkCell.Wall || StitchForkLayout.Ends(kind))
        {
            throw new ArgumentException($"{Id}: ({state[0]}, {state[1]}) is in a wall or a cell that ends the episode.", nameof(state));
        }

        (_x, _y) = (state[0], state[1]);
        _clock.Start();
        return StitchForkLayout.Observe(_x, _y);
    }

    /// <inheritdoc />
    public StepResult Step(ReadOnlySpan<float> action)
    {
        _clock.EnsureRunning();
        ActionReader.CheckContinuous(Id, ActionSpace, action);
        var cost = StitchForkLayout.KindOf(Cell) == ForkCell.Feeder ? StitchForkLayout.FeederCostPerCell * StepSize : 0.0;
        var dx = Math.Clamp(action[0], -1.0, 1.0) * StepSize;
        var dy = Math.Clamp(action[1], -1.0, 1.0) * StepSize;
        _x = MoveAxis(_x, dx, x => new GridCell((int)Math.Floor(x), (int)Math.Floor(_y)));
        if (!StitchForkLayout.Ends(StitchForkLayout.KindOf(Cell)))
        {
            _y = MoveAxis(_y, dy, y => new GridCell((int)Math.Floor(_x), (int)Math.Floor(y)));
        }

        var kind = StitchForkLayout.KindOf(Cell);
        var terminated = StitchForkLayout.Ends(kind);
        var truncated = _clock.Tick(terminated);
        return new StepResult(StitchForkLayout.Observe(_x, _y), StitchForkLayout.EntryReward(kind) - cost, terminated, truncated);
    }

    /// <inheritdoc />
    public double[] GetState() => [_x, _y];

    private static double MoveAxis(double value, double delta, Func<double, GridCell> cellAt)
    {
        // |delta| <= 0.5 < 1, so the move enters at most the next cell along the axis.
        var moved = value + delta;
        if (StitchForkLayout.KindOf(cellAt(moved)) != ForkCell.Wall)
        {
            return moved;
        }

        var cellStart = Math.Floor(value);
        return delta > 0 ? cellStart + 1 - WallMargin : cellStart;
    }
}
