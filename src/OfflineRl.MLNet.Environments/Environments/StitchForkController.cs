using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Follows one <see cref="ForkRoute"/> of the fork tasks: on the grid it moves to the next cell of the route; on the point
/// version it steers toward the next cell's centre (Gaussian noise added, clipped to [−1, 1]²), except in a cell where the
/// route turns, where it first steers for the centre until it is no more than <see cref="TurnRadius"/> short of it along the
/// way it came in. With probability ε the action is
/// uniformly random. Off the route it heads for the nearest route cell.
/// </summary>
/// <remarks>
/// The turn rule is what makes the point data stitchable: the trap route turns down and the feeder route turns right at the
/// junction, so both pass its centre and log their two continuations from the same states. Cutting the corner instead put
/// the trap episodes in the junction's west half and the feeder episodes in its north half, no state had both continuations,
/// and a TD backup had nothing to carry from one to the other (IQL reached the goal in 3 % of episodes).
/// </remarks>
public sealed class StitchForkController : IBehaviorController
{
    /// <summary>How far (cells) short of a turn cell's centre, along the way in, the point version turns toward the next cell.</summary>
    public const double TurnRadius = 0.15;

    private readonly ActionNoise _noise;
    private readonly IReadOnlyList<GridCell> _path;

    /// <summary>Creates the controller.</summary>
    /// <param name="environmentId"><see cref="EnvironmentCatalog.StitchFork"/> or <see cref="EnvironmentCatalog.StitchForkPoint"/>.</param>
    /// <param name="route">The route to follow; the expert's <see cref="ForkRoute.StartToGoal"/> by default.</param>
    /// <param name="epsilon">Probability of a uniformly random action per step, in [0, 1].</param>
    /// <param name="noiseScale">Standard deviation of the Gaussian action noise (point version only).</param>
    public StitchForkController(string environmentId, ForkRoute route = ForkRoute.StartToGoal, double epsilon = 0, double noiseScale = 0)
    {
        EnvironmentId = EnvironmentCatalog.Canonical(environmentId);
        ActionSpace = EnvironmentId switch
        {
            EnvironmentCatalog.StitchFork => ActionSpace.Discrete(4),
            EnvironmentCatalog.StitchForkPoint => ActionSpace.Continuous(2, [-1f, -1f], [1f, 1f]),
            _ => throw new ArgumentException($"{EnvironmentId} is not a fork task.", nameof(environmentId)),
        };
        Route = route;
        _path = StitchForkLayout.Path(route);
        _noise = new ActionNoise(ActionSpace, epsilon, noiseScale);
    }

    /// <inheritdoc />
    public string EnvironmentId { get; }

    /// <inheritdoc />
    public ActionSpace ActionSpace { get; }

    /// <summary>The route followed.</summary>
    public ForkRoute Route { get; }

    /// <inheritdoc />
    public void Reset(int seed) => _noise.Reset(seed);

    /// <inheritdoc />
    public float[] Act(ReadOnlySpan<float> observation)
    {
        var (x, y) = StitchForkLayout.PositionOf(observation);
        var cell = new GridCell((int)Math.Floor(x), (int)Math.Floor(y));
        var waypoint = Waypoint(cell);
        if (ActionSpace.IsDiscrete)
        {
            var move = waypoint.X > cell.X ? GridAction.Right
                : waypoint.X < cell.X ? GridAction.Left
                : waypoint.Y < cell.Y ? GridAction.Up
                : GridAction.Down;
            return _noise.Discrete((int)move);
        }

        // Only the way in counts: once past the centre along it, the point leaves along the other axis without being pulled back.
        if (IncomingAt(cell) is var (inX, inY) && ((x - cell.X - 0.5) * inX) + ((y - cell.Y - 0.5) * inY) < -TurnRadius)
        {
            waypoint = cell;
        }

        ReadOnlySpan<double> action =
        [
            Math.Clamp((waypoint.X + 0.5 - x) / StitchForkPointEnvironment.StepSize, -1.0, 1.0),
            Math.Clamp((waypoint.Y + 0.5 - y) / StitchForkPointEnvironment.StepSize, -1.0, 1.0),
        ];
        return _noise.Continuous(action);
    }

    /// <summary>The direction the route enters <paramref name="cell"/> from, if the route turns there; otherwise null.</summary>
    private (int X, int Y)? IncomingAt(GridCell cell)
    {
        for (var i = 1; i < _path.Count - 1; i++)
        {
            if (_path[i] == cell)
            {
                var (inX, inY) = (_path[i].X - _path[i - 1].X, _path[i].Y - _path[i - 1].Y);
                var (outX, outY) = (_path[i + 1].X - _path[i].X, _path[i + 1].Y - _path[i].Y);
                return inX != outX || inY != outY ? (inX, inY) : null;
            }
        }

        return null;
    }

    private GridCell Waypoint(GridCell cell)
    {
        for (var i = 0; i < _path.Count; i++)
        {
            if (_path[i] == cell)
            {
                return _path[Math.Min(i + 1, _path.Count - 1)];
            }
        }

        return _path.MinBy(c => Math.Abs(c.X - cell.X) + Math.Abs(c.Y - cell.Y));
    }
}
