namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Walker2d-v4 (Gymnasium's MuJoCo v4 semantics): walk forward without falling. 17 observations (8 positions without x,
/// 9 velocities clipped to ±10), 6 actions in [−1, 1], reward = Δx/dt + 1 − 0.001·Σ aᵢ², dt = 0.002 s × 4 frames.
/// Terminates unless 0.8 &lt; z &lt; 2 and |angle| &lt; 1; truncated at 1,000 steps.
/// Reset: qpos0 + U(−0.005, 0.005), qvel = U(−0.005, 0.005).
/// </summary>
public sealed class Walker2dEnvironment : LocomotionEnvironment
{
    private static readonly Lazy<MujocoModel> Model = new(() => MujocoModel.FromXml(LocomotionModels.Walker2d));

    /// <summary>The registry entry, with D4RL's reference returns (its random and expert policies' scores).</summary>
    internal static EnvironmentEntry Entry { get; } =
        LocomotionCatalog.Entry(EnvironmentCatalog.Walker2d, () => new Walker2dEnvironment(), new ReferenceReturn(Random: 1.629008, Expert: 4592.3));

    /// <summary>Creates the environment.</summary>
    /// <param name="timeLimit">Steps before truncation.</param>
    /// <exception cref="PlatformNotSupportedException">When MuJoCo 2.2.2 is not installed.</exception>
    public Walker2dEnvironment(int timeLimit = DefaultTimeLimit)
        : base(EnvironmentCatalog.Walker2d, Model.Value, frameSkip: 4, controlCostWeight: 1e-3, resetNoiseScale: 5e-3, timeLimit)
    {
    }

    private protected override double VelocityNoise(SeededRandom random) => random.NextDouble(-ResetNoiseScale, ResetNoiseScale);

    private protected override bool IsHealthy
    {
        get
        {
            var positions = Positions;
            return positions[1] > 0.8 && positions[1] < 2.0 && positions[2] > -1.0 && positions[2] < 1.0;
        }
    }

    private protected override double HealthyReward => 1.0;

    private protected override double ObservedVelocity(double velocity) => Math.Clamp(velocity, -10, 10);
}
