using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// A noisy waypoint controller for <see cref="PointMazeEnvironment"/>: it plans a cell path with
/// <see cref="StitchGridMap.NextAction"/> and steers toward the centre of the next cell on it (the target
/// point itself once in the target cell); with probability ε the action is uniform random, otherwise
/// Gaussian noise is added and the action clipped to [−1, 1]².
/// </summary>
public sealed class PointMazeController : IBehaviorController
{
    private readonly ActionNoise _noise;

    /// <summary>Creates the controller.</summary>
    /// <param name="map">The map; <see cref="StitchGridMap.Default"/> when null.</param>
    /// <param name="target">The cell to head for (its centre); the goal cell when null.</param>
    /// <param name="epsilon">Probability of a uniformly random action per step, in [0, 1].</param>
    /// <param name="noiseScale">Standard deviation of the Gaussian action noise (actions span [−1, 1]).</param>
    public PointMazeController(StitchGridMap? map = null, GridCell? target = null, double epsilon = 0, double noiseScale = 0)
    {
        Map = map ?? StitchGridMap.Default;
        Target = target ?? Map.Goal;
        if (!Map.IsFree(Target))
        {
            throw new ArgumentException($"Target {Target} is a wall.", nameof(target));
        }

        _noise = new ActionNoise(ActionSpace, epsilon, noiseScale);
    }

    /// <inheritdoc />
    public string EnvironmentId => EnvironmentCatalog.StitchPointMaze;

    /// <inheritdoc />
    public ActionSpace ActionSpace { get; } = ActionSpace.Continuous(2, [-1f, -1f], [1f, 1f]);

    /// <summary>The map.</summary>
    public StitchGridMap Map { get; }

    /// <summary>The cell whose centre the controller heads for.</summary>
    public GridCell Target { get; }

    /// <summary>Probability of a uniformly random action per step.</summary>
    public double Epsilon => _noise.Epsilon;

    /// <summary>Standard deviation of the Gaussian action noise.</summary>
    public double NoiseScale => _noise.NoiseScale;

    /// <inheritdoc />
    public void Reset(int seed) => _noise.Reset(seed);

    /// <inheritdoc />
    public float[] Act(ReadOnlySpan<float> observation)
    {
        var (x, y) = StitchObservation.DecodePosition(Map, observation);
        var cell = new GridCell((int)Math.Floor(x), (int)Math.Floor(y));
        var waypoint = Target;
        if (Map.IsFree(cell) && Map.NextAction(cell, Target) is { } move)
        {
            waypoint = StitchGridMap.Neighbor(cell, move);
        }

        ReadOnlySpan<double> action =
        [
            Math.Clamp((waypoint.X + 0.5 - x) / PointMazeEnvironment.StepSize, -1.0, 1.0),
            Math.Clamp((waypoint.Y + 0.5 - y) / PointMazeEnvironment.StepSize, -1.0, 1.0),
        ];
        return _noise.Continuous(action);
    }
}
