using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// MountainCarContinuous-v0 as in Gymnasium's classic-control <c>continuous_mountain_car.py</c>.
/// </summary>
/// <remarks>
/// <para>
/// State: position, velocity; observation the same in float32. Action: one force value in [−1, 1].
/// Dynamics: f = clip(a, −1, 1); v ← clip(v + 0.0015·f − 0.0025·cos(3p), ±0.07); p ← clip(p + v,
/// [−1.2, 0.6]); at the left wall a negative velocity is set to 0. Terminates when p ≥ 0.45 and v ≥ 0.
/// Start: p uniform in [−0.6, −0.4), v = 0. Time limit 999.
/// </para>
/// <para>
/// Reward: +100 on the terminating step, minus 0.1·a² on every step where <c>a</c> is the action as
/// given, NOT clipped. Verified against Gymnasium's code: the force uses the clipped action
/// (<c>min(max(action[0], -1), 1)</c>) but the penalty is <c>math.pow(action[0], 2) * 0.1</c> on the raw
/// action, so an action of 3 moves the car like 1 but costs 0.9.
/// </para>
/// <para>
/// Like Gymnasium, the state is stored as float32 after every step (Gymnasium assigns
/// <c>np.array([position, velocity], dtype=np.float32)</c>); the arithmetic within a step is float64 here.
/// The explicit-state reset keeps the given float64 values until the first step.
/// </para>
/// </remarks>
public sealed class MountainCarContinuousEnvironment : ClassicControlEnvironment
{
    /// <summary>Leftmost position.</summary>
    public const double MinPosition = MountainCarPhysics.MinPosition;

    /// <summary>Rightmost position.</summary>
    public const double MaxPosition = MountainCarPhysics.MaxPosition;

    /// <summary>Speed bound.</summary>
    public const double MaxSpeed = MountainCarPhysics.MaxSpeed;

    /// <summary>Position at (or beyond) which the episode terminates.</summary>
    public const double GoalPosition = 0.45;

    /// <summary>Acceleration per unit of (clipped) action.</summary>
    public const double Power = 0.0015;

    /// <summary>Gravity term: the slope pulls with −0.0025·cos(3p).</summary>
    public const double GravityTerm = MountainCarPhysics.GravityTerm;

    /// <summary>Reward added on reaching the goal.</summary>
    public const double GoalReward = 100.0;

    /// <summary>Weight of the squared (unclipped) action in the per-step penalty.</summary>
    public const double ActionCost = 0.1;

    /// <summary>The Gymnasium time limit.</summary>
    public const int DefaultTimeLimit = 999;

    // ε-greedy measured a normalized score of 31.1. The learner reads the velocity 0.03 off and acts on the position
    // alone; one stage's normalized score (16 stage seeds × 6 episodes): 42 ± 37 at flaw 0.5, 4 ± 37 at 0.6 (and about
    // 95 at flaw 1, pushing one way).
    /// <summary>This environment's registry entry (<see cref="EnvironmentRegistry"/>).</summary>
    internal static EnvironmentEntry Entry { get; } = new(
        EnvironmentCatalog.MountainCarContinuous,
        () => new MountainCarContinuousEnvironment(),
        knobs => new MountainCarContinuousController(knobs.Epsilon, knobs.NoiseScale),
        MediumEpsilon: 0.925,
        Reference: new ReferenceReturn(Random: -32.277, Expert: 90.714),
        MeasuredEpsilonGreedy: 6.005,
        Flaws: new(BiasIndex: 1, Bias: 0.03, HiddenIndex: 1, MaxDelay: 6, GainSpread: 0.5, RandomFlaw: 0.62, MediumFlaw: 0.5),
        GoalReaching: true);

    /// <summary>Creates the environment.</summary>
    /// <param name="timeLimit">Steps before truncation.</param>
    public MountainCarContinuousEnvironment(int timeLimit = DefaultTimeLimit)
        : base(EnvironmentCatalog.MountainCarContinuous, 2, timeLimit)
    {
    }

    /// <inheritdoc />
    public override int ObservationDimension => 2;

    /// <inheritdoc />
    public override ActionSpace ActionSpace { get; } = ActionSpace.Continuous(1, [-1f], [1f]);

    /// <inheritdoc />
    public override float[] Reset(int seed)
    {
        MountainCarPhysics.Reset(State, seed);
        return Begin();
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action)
    {
        Clock.EnsureRunning();
        ActionReader.CheckContinuous(Id, ActionSpace, action);
        double raw = action[0];
        double position = State[0], velocity = State[1];
        var force = Math.Min(Math.Max(raw, -1.0), 1.0);
        MountainCarPhysics.Advance(ref position, ref velocity, force * Power);

        var terminated = position >= GoalPosition && velocity >= 0;
        var reward = (terminated ? GoalReward : 0.0) - (raw * raw * ActionCost);
        State[0] = (float)position;
        State[1] = (float)velocity;
        var truncated = Clock.Tick(terminated);
        return new StepResult(Observe(), reward, terminated, truncated);
    }

    private protected override float[] Observe() => [(float)State[0], (float)State[1]];
}
