using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Follows one <see cref="ForkRoute"/> of the fork tasks: on the grid it moves to the next cell of the route; on the point
/// version it steers toward the next cell's centre (Gaussian noise added, clipped to [−1, 1]²). With probability ε the action
/// is uniformly random. Off the route it heads for the nearest route cell.
/// </summary>
public sealed class StitchForkController : IBehaviorController
{
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

        ReadOnlySpan<double> action =
        [
            Math.Clamp((waypoint.X + 0.5 - x) / StitchForkPointEnvironment.StepSize, -1.0, 1.0),
            Math.Clamp((waypoint.Y + 0.5 - y) / StitchForkPointEnvironment.StepSize, -1.0, 1.0),
        ];
        return _noise.Continuous(action);
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
