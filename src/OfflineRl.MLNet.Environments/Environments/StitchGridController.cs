using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// The shortest-path planner of <see cref="StitchGridMap.NextAction"/> as a controller for
/// <see cref="StitchGridEnvironment"/>, heading for a target cell (the goal by default), mixed with uniformly
/// random moves with probability ε.
/// </summary>
public sealed class StitchGridController : IBehaviorController
{
    private readonly ActionNoise _noise;

    /// <summary>Creates the controller.</summary>
    /// <param name="map">The map; <see cref="StitchGridMap.Default"/> when null.</param>
    /// <param name="target">The cell to head for; the goal when null.</param>
    /// <param name="epsilon">Probability of a uniformly random move per step, in [0, 1].</param>
    public StitchGridController(StitchGridMap? map = null, GridCell? target = null, double epsilon = 0)
    {
        Map = map ?? StitchGridMap.Default;
        Target = target ?? Map.Goal;
        if (!Map.IsFree(Target))
        {
            throw new ArgumentException($"Target {Target} is a wall.", nameof(target));
        }

        _noise = new ActionNoise(ActionSpace, epsilon, 0);
    }

    /// <inheritdoc />
    public string EnvironmentId => EnvironmentCatalog.StitchGrid;

    /// <inheritdoc />
    public ActionSpace ActionSpace { get; } = ActionSpace.Discrete(4);

    /// <summary>The map.</summary>
    public StitchGridMap Map { get; }

    /// <summary>The cell the planner heads for.</summary>
    public GridCell Target { get; }

    /// <summary>Probability of a uniformly random move per step.</summary>
    public double Epsilon => _noise.Epsilon;

    /// <inheritdoc />
    public void Reset(int seed) => _noise.Reset(seed);

    /// <inheritdoc />
    /// <remarks>At the target itself the planner has no move and the action is uniformly random.</remarks>
    public float[] Act(ReadOnlySpan<float> observation)
    {
        var (x, y) = StitchObservation.DecodePosition(Map, observation);
        var cell = new GridCell((int)Math.Floor(x), (int)Math.Floor(y));
        var planned = Map.IsFree(cell) ? Map.NextAction(cell, Target) : null;
        return planned is { } move ? _noise.Discrete((int)move) : _noise.RandomAction();
    }
}
