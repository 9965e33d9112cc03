using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Acrobot-v1 as in Gymnasium's classic-control <c>acrobot.py</c>: a two-link pendulum actuated at the
/// middle joint, integrated with one fourth-order Runge–Kutta step of 0.2 s using the book dynamics.
/// </summary>
/// <remarks>
/// State (float64): θ1, θ2 (relative to link 1), θ̇1, θ̇2. Observation (float32): cos θ1, sin θ1,
/// cos θ2, sin θ2, θ̇1, θ̇2. Actions 0, 1, 2 apply torque −1, 0, +1. Both links have length 1, mass 1,
/// centre of mass 0.5 and moment of inertia 1; g = 9.8. After the step the angles are wrapped into [−π, π]
/// and the velocities bounded to ±4π and ±9π. The episode terminates when −cos θ1 − cos(θ1 + θ2) &gt; 1;
/// the reward is −1 per step and 0 on the terminating step. Start: each state value uniform in
/// [−0.1, 0.1), rounded to float32 as Gymnasium does. Time limit 500.
/// </remarks>
public sealed class AcrobotEnvironment : ClassicControlEnvironment
{
    /// <summary>Integration step (s).</summary>
    public const double Dt = 0.2;

    /// <summary>Velocity bound of the first joint: 4π.</summary>
    public const double MaxVelocity1 = 4 * Math.PI;

    /// <summary>Velocity bound of the second joint: 9π.</summary>
    public const double MaxVelocity2 = 9 * Math.PI;

    /// <summary>The Gymnasium time limit.</summary>
    public const int DefaultTimeLimit = 500;

    private const double LinkLength1 = 1.0;
    private const double LinkMass1 = 1.0;
    private const double LinkMass2 = 1.0;
    private const double LinkCenter1 = 0.5;
    private const double LinkCenter2 = 0.5;
    private const double LinkInertia = 1.0;
    private const double G = 9.8;


    // ε-greedy measured a normalized score of 31.3. The learner reads θ̇1 3 rad/s off and does not see θ̇2; one stage's
    // normalized score (16 stage seeds × 6 episodes): 42 ± 16 at flaw 0.2, 0 ± 4 at 0.34.
    /// <summary>This environment's registry entry (<see cref="EnvironmentRegistry"/>).</summary>
    internal static EnvironmentEntry Entry { get; } = new(
        EnvironmentCatalog.Acrobot,
        () => new AcrobotEnvironment(),
        knobs => new AcrobotController(knobs.Epsilon),
        MediumEpsilon: 0.83,
        Reference: new ReferenceReturn(Random: -496.39, Expert: -83.90),
        MeasuredEpsilonGreedy: -367.15,
        Flaws: new(BiasIndex: 4, Bias: 3.0, HiddenIndex: 5, MaxDelay: 6, GainSpread: 0.5, RandomFlaw: 0.34, MediumFlaw: 0.2),
        GoalReaching: true);

    /// <summary>Creates the environment.</summary>
    /// <param name="timeLimit">Steps before truncation.</param>
    public AcrobotEnvironment(int timeLimit = DefaultTimeLimit)
        : base(EnvironmentCatalog.Acrobot, 4, timeLimit)
    {
    }

    /// <inheritdoc />
    public override int ObservationDimension => 6;

    /// <inheritdoc />
    public override ActionSpace ActionSpace { get; } = ActionSpace.Discrete(3);

    /// <inheritdoc />
    public override float[] Reset(int seed)
    {
        var random = new SeededRandom(seed);
        for (var i = 0; i < 4; i++)
        {
            State[i] = (float)random.NextDouble(-0.1, 0.1);
        }

        return Begin();
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        Clock.EnsureRunning();
        var torque = ActionReader.ReadDiscrete(Id, ActionSpace, action) - 1.0;

        Span<double> y = stackalloc double[4];
        Span<double> k1 = stackalloc double[4];
        Span<double> k2 = stackalloc double[4];
        Span<double> k3 = stackalloc double[4];
        Span<double> k4 = stackalloc double[4];
        Span<double> probe = stackalloc double[4];
        State.CopyTo(y);

        const double half = Dt / 2.0;
        Derivatives(y, torque, k1);
        Advance(y, k1, half, probe);
        Derivatives(probe, torque, k2);
        Advance(y, k2, half, probe);
        Derivatives(probe, torque, k3);
        Advance(y, k3, Dt, probe);
        Derivatives(probe, torque, k4);
        for (var i = 0; i < 4; i++)
        {
            State[i] = y[i] + (Dt / 6.0 * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i]));
        }

        State[0] = Wrap(State[0]);
        State[1] = Wrap(State[1]);
        State[2] = Math.Min(Math.Max(State[2], -MaxVelocity1), MaxVelocity1);
        State[3] = Math.Min(Math.Max(State[3], -MaxVelocity2), MaxVelocity2);

        var terminated = -Math.Cos(State[0]) - Math.Cos(State[1] + State[0]) > 1.0;
        var truncated = Clock.Tick(terminated);
        return new StepResult(Observe(), terminated ? 0.0 : -1.0, terminated, truncated);
    }

    /// <summary>Wraps an angle into [−π, π] by whole turns, as Gymnasium's <c>wrap</c> does.</summary>
    internal static double Wrap(double x)
    {
        const double diff = 2 * Math.PI;
        while (x > Math.PI)
        {
            x -= diff;
        }

        while (x < -Math.PI)
        {
            x += diff;
        }

        return x;
    }

    private static void Advance(ReadOnlySpan<double> y, ReadOnlySpan<double> k, double h, Span<double> result)
    {
        for (var i = 0; i < 4; i++)
        {
            result[i] = y[i] + (h * k[i]);
        }
    }

    /// <summary>The book dynamics (Sutton &amp; Barto), the Gymnasium default.</summary>
    private static void Derivatives(ReadOnlySpan<double> s, double torque, Span<double> ds)
    {
        double theta1 = s[0], theta2 = s[1], dtheta1 = s[2], dtheta2 = s[3];
        var d1 = (LinkMass1 * LinkCenter1 * LinkCenter1) +
                 (LinkMass2 * ((LinkLength1 * LinkLength1) + (LinkCenter2 * LinkCenter2) + (2 * LinkLength1 * LinkCenter2 * Math.Cos(theta2)))) +
                 LinkInertia + LinkInertia;
        var d2 = (LinkMass2 * ((LinkCenter2 * LinkCenter2) + (LinkLength1 * LinkCenter2 * Math.Cos(theta2)))) + LinkInertia;
        var phi2 = LinkMass2 * LinkCenter2 * G * Math.Cos(theta1 + theta2 - (Math.PI / 2.0));
        var phi1 = (-LinkMass2 * LinkLength1 * LinkCenter2 * dtheta2 * dtheta2 * Math.Sin(theta2)) -
                   (2 * LinkMass2 * LinkLength1 * LinkCenter2 * dtheta2 * dtheta1 * Math.Sin(theta2)) +
                   (((LinkMass1 * LinkCenter1) + (LinkMass2 * LinkLength1)) * G * Math.Cos(theta1 - (Math.PI / 2))) +
                   phi2;
        var ddtheta2 = (torque + (d2 / d1 * phi1) - (LinkMass2 * LinkLength1 * LinkCenter2 * dtheta1 * dtheta1 * Math.Sin(theta2)) - phi2) /
                       ((LinkMass2 * LinkCenter2 * LinkCenter2) + LinkInertia - (d2 * d2 / d1));
        var ddtheta1 = -((d2 * ddtheta2) + phi1) / d1;
        ds[0] = dtheta1;
        ds[1] = dtheta2;
        ds[2] = ddtheta1;
        ds[3] = ddtheta2;
    }

    private protected override float[] Observe() =>
    [
        (float)Math.Cos(State[0]), (float)Math.Sin(State[0]),
        (float)Math.Cos(State[1]), (float)Math.Sin(State[1]),
        (float)State[2], (float)State[3],
    ];
}
