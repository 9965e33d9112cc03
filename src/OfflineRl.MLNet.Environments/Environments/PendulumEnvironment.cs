using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Pendulum-v1 as in Gymnasium's classic-control <c>pendulum.py</c>: swing a torque-limited pendulum up and
/// hold it upright.
/// </summary>
/// <remarks>
/// State (float64): angle θ (0 = upright, not wrapped), angular velocity θ̇. Observation (float32):
/// cos θ, sin θ, θ̇. Action: torque u, clipped to [−2, 2]. With g = 10, m = 1, l = 1, dt = 0.05:
/// reward −(norm(θ)² + 0.1·θ̇² + 0.001·u²) from the state before the step, where norm(θ) =
/// ((θ + π) mod 2π) − π with a floored modulo; then θ̇ ← clip(θ̇ + (3g/(2l)·sin θ + 3/(m l²)·u)·dt, ±8)
/// and θ ← θ + θ̇·dt using the clipped new speed. Never terminates. Start: θ uniform in [−π, π),
/// θ̇ uniform in [−1, 1). Time limit 200.
/// </remarks>
public sealed class PendulumEnvironment : ClassicControlEnvironment
{
    /// <summary>Speed bound (rad/s).</summary>
    public const double MaxSpeed = 8.0;

    /// <summary>Torque bound.</summary>
    public const double MaxTorque = 2.0;

    /// <summary>Integration step (s).</summary>
    public const double Dt = 0.05;

    /// <summary>Gravity (Gymnasium's default g).</summary>
    public const double Gravity = 10.0;

    /// <summary>Mass.</summary>
    public const double Mass = 1.0;

    /// <summary>Length.</summary>
    public const double Length = 1.0;

    /// <summary>The Gymnasium time limit.</summary>
    public const int DefaultTimeLimit = 200;


    // ε-greedy measured a normalized score of 32.6. The learner reads θ̇ 4 rad/s off and does not see it; one stage's
    // normalized score (16 stage seeds × 6 episodes): 46 ± 20 at flaw 0.2, −5 ± 11 at 0.48.
    /// <summary>This environment's registry entry (<see cref="EnvironmentRegistry"/>).</summary>
    internal static EnvironmentEntry Entry { get; } = new(
        EnvironmentCatalog.Pendulum,
        () => new PendulumEnvironment(),
        knobs => new PendulumController(knobs.Epsilon, knobs.NoiseScale),
        MediumEpsilon: 0.77,
        Reference: new ReferenceReturn(Random: -1209.189, Expert: -151.264),
        MeasuredEpsilonGreedy: -864.766,
        Flaws: new(BiasIndex: 2, Bias: 4.0, HiddenIndex: 2, MaxDelay: 3, GainSpread: 0.5, RandomFlaw: 0.47, MediumFlaw: 0.2));

    /// <summary>Creates the environment.</summary>
    /// <param name="timeLimit">Steps before truncation.</param>
    public PendulumEnvironment(int timeLimit = DefaultTimeLimit)
        : base(EnvironmentCatalog.Pendulum, 2, timeLimit)
    {
    }

    /// <inheritdoc />
    public override int ObservationDimension => 3;

    /// <inheritdoc />
    public override ActionSpace ActionSpace { get; } = ActionSpace.Continuous(1, [(float)-MaxTorque], [(float)MaxTorque]);

    /// <inheritdoc />
    public override float[] Reset(int seed)
    {
        var random = new SeededRandom(seed);
        State[0] = random.NextDouble(-Math.PI, Math.PI);
        State[1] = random.NextDouble(-1.0, 1.0);
        return Begin();
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        Clock.EnsureRunning();
        ActionReader.CheckContinuous(Id, ActionSpace, action);
        double u = Math.Clamp(action[0], (float)-MaxTorque, (float)MaxTorque);
        double theta = State[0], thetaDot = State[1];
        var normalized = NormalizeAngle(theta);
        var cost = (normalized * normalized) + (0.1 * thetaDot * thetaDot) + (0.001 * (u * u));

        var newThetaDot = thetaDot + ((((3 * Gravity) / (2 * Length) * Math.Sin(theta)) + (3.0 / (Mass * Length * Length) * u)) * Dt);
        newThetaDot = Math.Clamp(newThetaDot, -MaxSpeed, MaxSpeed);
        State[0] = theta + (newThetaDot * Dt);
        State[1] = newThetaDot;
        var truncated = Clock.Tick(terminated: false);
        return new StepResult(Observe(), -cost, false, truncated);
    }

    /// <summary>((θ + π) mod 2π) − π with a floored modulo (the sign follows the divisor, as in Python).</summary>
    internal static double NormalizeAngle(double theta)
    {
        const double turn = 2 * Math.PI;
        var r = (theta + Math.PI) % turn;
        if (r < 0)
        {
            r += turn;
        }

        return r - Math.PI;
    }

    private protected override float[] Observe() => [(float)Math.Cos(State[0]), (float)Math.Sin(State[0]), (float)State[1]];
}
