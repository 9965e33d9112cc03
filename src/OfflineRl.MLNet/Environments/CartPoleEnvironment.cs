using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// CartPole-v1 as in Gymnasium's classic-control <c>cartpole.py</c>: a pole on a cart pushed left or right
/// with a fixed force, integrated with explicit Euler.
/// </summary>
/// <remarks>
/// State (float64): cart position x, cart velocity, pole angle θ (rad), pole angular velocity; the
/// observation is the same four values in float32. Actions: 0 pushes left, 1 pushes right (force 10).
/// Constants: gravity 9.8, cart mass 1.0, pole mass 0.1, half pole length 0.5, τ = 0.02 s. The episode
/// terminates when |x| &gt; 2.4 or |θ| &gt; 12° (2π·12/360 rad); every step, the terminating one included,
/// earns +1. Start: each state value uniform in [−0.05, 0.05). Time limit 500.
/// </remarks>
public sealed class CartPoleEnvironment : IEnvironment
{
    /// <summary>Gravity (m/s²).</summary>
    public const double Gravity = 9.8;

    /// <summary>Cart mass (kg).</summary>
    public const double CartMass = 1.0;

    /// <summary>Pole mass (kg).</summary>
    public const double PoleMass = 0.1;

    /// <summary>Half the pole's length (m).</summary>
    public const double HalfPoleLength = 0.5;

    /// <summary>Magnitude of the push (N).</summary>
    public const double ForceMagnitude = 10.0;

    /// <summary>Integration step (s).</summary>
    public const double Tau = 0.02;

    /// <summary>Cart position beyond which the episode terminates.</summary>
    public const double PositionThreshold = 2.4;

    /// <summary>Pole angle beyond which the episode terminates: 12° in radians.</summary>
    public const double AngleThreshold = 12 * 2 * Math.PI / 360;

    /// <summary>The Gymnasium time limit.</summary>
    public const int DefaultTimeLimit = 500;

    private readonly double[] _state = new double[4];
    private readonly EpisodeClock _clock;

    /// <summary>Creates the environment.</summary>
    /// <param name="timeLimit">Steps before truncation.</param>
    public CartPoleEnvironment(int timeLimit = DefaultTimeLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeLimit, 1);
        _clock = new EpisodeClock(Id, timeLimit);
    }

    /// <inheritdoc />
    public string Id => EnvironmentCatalog.CartPole;

    /// <inheritdoc />
    public int ObservationDimension => 4;

    /// <inheritdoc />
    public int StateDimension => 4;

    /// <inheritdoc />
    public ActionSpace ActionSpace { get; } = ActionSpace.Discrete(2);

    /// <inheritdoc />
    public int TimeLimit => _clock.TimeLimit;

    /// <inheritdoc />
    public int ElapsedSteps => _clock.ElapsedSteps;

    /// <inheritdoc />
    public float[] Reset(int seed)
    {
        var random = new SeededRandom(seed);
        for (var i = 0; i < 4; i++)
        {
            _state[i] = random.NextDouble(-0.05, 0.05);
        }

        _clock.Start();
        return Observe();
    }

    /// <inheritdoc />
    /// <remarks>State layout: x, ẋ, θ, θ̇.</remarks>
    public float[] Reset(ReadOnlySpan<double> state)
    {
        ActionReader.CheckState(Id, state, StateDimension);
        state.CopyTo(_state);
        _clock.Start();
        return Observe();
    }

    /// <inheritdoc />
    public StepResult Step(ReadOnlySpan<float> action)
    {
        _clock.EnsureRunning();
        var a = ActionReader.ReadDiscrete(Id, ActionSpace, action);
        double x = _state[0], xDot = _state[1], theta = _state[2], thetaDot = _state[3];

        const double totalMass = CartMass + PoleMass;
        const double poleMassLength = PoleMass * HalfPoleLength;
        var force = a == 1 ? ForceMagnitude : -ForceMagnitude;
        var cos = Math.Cos(theta);
        var sin = Math.Sin(theta);
        var temp = (force + (poleMassLength * thetaDot * thetaDot * sin)) / totalMass;
        var thetaAcc = ((Gravity * sin) - (cos * temp)) /
                       (HalfPoleLength * ((4.0 / 3.0) - (PoleMass * cos * cos / totalMass)));
        var xAcc = temp - (poleMassLength * thetaAcc * cos / totalMass);

        // Explicit Euler: positions advance with the old velocities.
        _state[0] = x + (Tau * xDot);
        _state[1] = xDot + (Tau * xAcc);
        _state[2] = theta + (Tau * thetaDot);
        _state[3] = thetaDot + (Tau * thetaAcc);

        var terminated = _state[0] < -PositionThreshold || _state[0] > PositionThreshold ||
                         _state[2] < -AngleThreshold || _state[2] > AngleThreshold;
        var truncated = _clock.Tick(terminated);
        return new StepResult(Observe(), 1.0, terminated, truncated);
    }

    /// <inheritdoc />
    public double[] GetState() => (double[])_state.Clone();

    private float[] Observe() => [(float)_state[0], (float)_state[1], (float)_state[2], (float)_state[3]];
}
