using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// MountainCar-v0 as in Gymnasium's classic-control <c>mountain_car.py</c>: an underpowered car in a
/// valley must rock back and forth to reach the flag on the right hill.
/// </summary>
/// <remarks>
/// State (float64): position, velocity; the observation is the same in float32. Actions 0, 1, 2
/// accelerate left, not at all, right. Dynamics: v ← clip(v + (a − 1)·0.001 − 0.0025·cos(3p), ±0.07),
/// p ← clip(p + v, [−1.2, 0.6]); at the left wall a negative velocity is set to 0. The episode terminates
/// when p ≥ 0.5 and v ≥ 0. Reward −1 on every step. Start: p uniform in [−0.6, −0.4), v = 0. Time limit 200.
/// </remarks>
public sealed class MountainCarEnvironment : ClassicControlEnvironment
{
    /// <summary>Leftmost position.</summary>
    public const double MinPosition = MountainCarPhysics.MinPosition;

    /// <summary>Rightmost position.</summary>
    public const double MaxPosition = MountainCarPhysics.MaxPosition;

    /// <summary>Speed bound.</summary>
    public const double MaxSpeed = MountainCarPhysics.MaxSpeed;

    /// <summary>Position at (or beyond) which the episode terminates.</summary>
    public const double GoalPosition = 0.5;

    /// <summary>Acceleration per unit of action.</summary>
    public const double Force = 0.001;

    /// <summary>Gravity term: the slope pulls with −0.0025·cos(3p).</summary>
    public const double GravityTerm = MountainCarPhysics.GravityTerm;

    /// <summary>The Gymnasium time limit.</summary>
    public const int DefaultTimeLimit = 200;

    // ε-greedy measured a normalized score of 33.4. The learner reads the velocity 0.03 off and acts on the position
    // alone; one stage's normalized score (16 stage seeds × 6 episodes): 30 ± 17 at flaw 0.38, 0 ± 0 at 0.8.
    /// <summary>This environment's registry entry (<see cref="EnvironmentRegistry"/>).</summary>
    internal static EnvironmentEntry Entry { get; } = new(
        EnvironmentCatalog.MountainCar,
        () => new MountainCarEnvironment(),
        knobs => new MountainCarController(knobs.Epsilon),
        MediumEpsilon: 0.35,
        Reference: new ReferenceReturn(Random: -200.0, Expert: -109.64),
        MeasuredEpsilonGreedy: -169.79,
        Flaws: new(BiasIndex: 1, Bias: 0.03, HiddenIndex: 1, MaxDelay: 6, GainSpread: 0.5, RandomFlaw: 0.8, MediumFlaw: 0.33),
        GoalReaching: true);

    /// <summary>Creates the environment.</summary>
    /// <param name="timeLimit">Steps before truncation.</param>
    public MountainCarEnvironment(int timeLimit = DefaultTimeLimit)
        : base(EnvironmentCatalog.MountainCar, 2, timeLimit)
    {
    }

    /// <inheritdoc />
    public override int ObservationDimension => 2;

    /// <inheritdoc />
    public override ActionSpace ActionSpace { get; } = ActionSpace.Discrete(3);

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
        var a = ActionReader.ReadDiscrete(Id, ActionSpace, action);
        double position = State[0], velocity = State[1];
        MountainCarPhysics.Advance(ref position, ref velocity, (a - 1) * Force);

        State[0] = position;
        State[1] = velocity;
        var terminated = position >= GoalPosition && velocity >= 0;
        var truncated = Clock.Tick(terminated);
        return new StepResult(Observe(), -1.0, terminated, truncated);
    }

    private protected override float[] Observe() => [(float)State[0], (float)State[1]];
}
