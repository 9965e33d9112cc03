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
public sealed class CartPoleEnvironment : ClassicControlEnvironment
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


    // ε-greedy measured a normalized score of 31.6. The learner reads the pole angle 0.5 rad off and does not see the
    // pole's angular velocity; one stage's normalized score (16 stage seeds × 6 episodes): 38 ± 33 at flaw 0.35, 5 ± 14
    // at 0.46, −2.8 from 0.5.
    /// <summary>This environment's registry entry (<see cref="EnvironmentRegistry"/>).</summary>
    internal static EnvironmentEntry Entry { get; } = new(
        EnvironmentCatalog.CartPole,
        () => new CartPoleEnvironment(),
        knobs => new CartPoleController(knobs.Epsilon),
        MediumEpsilon: 0.485,
        Reference: new ReferenceReturn(Random: 22.74, Expert: 500.0),
        MeasuredEpsilonGreedy: 173.62,
        Flaws: new(BiasIndex: 2, Bias: 0.5, HiddenIndex: 3, MaxDelay: 3, GainSpread: 0.5, RandomFlaw: 0.5, MediumFlaw: 0.35));

    /// <summary>Creates the environment.</summary>
    /// <param name="timeLimit">Steps before truncation.</param>
    public CartPoleEnvironment(int timeLimit = DefaultTimeLimit)
        : base(EnvironmentCatalog.CartPole, 4, timeLimit)
    {
    }

    /// <inheritdoc />
    public override int ObservationDimension => 4;

    /// <inheritdoc />
    public override ActionSpace ActionSpace { get; } = ActionSpace.Discrete(2);

    /// <inheritdoc />
    public override float[] Reset(int seed)
    {
        var random = new SeededRandom(seed);
        for (var i = 0; i < 4; i++)
        {
            State[i] = random.NextDouble(-0.05, 0.05);
        }

        return Begin();
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        Clock.EnsureRunning();
        var a = ActionReader.ReadDiscrete(Id, ActionSpace, action);
        double x = State[0], xDot = State[1], theta = State[2], thetaDot = State[3];

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
        State[0] = x + (Tau * xDot);
        State[1] = xDot + (Tau * xAcc);
        State[2] = theta + (Tau * thetaDot);
        State[3] = thetaDot + (Tau * thetaAcc);

        var terminated = State[0] < -PositionThreshold || State[0] > PositionThreshold ||
                         State[2] < -AngleThreshold || State[2] > AngleThreshold;
        var truncated = Clock.Tick(terminated);
        return new StepResult(Observe(), 1.0, terminated, truncated);
    }

    private protected override float[] Observe() => [(float)State[0], (float)State[1], (float)State[2], (float)State[3]];
}
