namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Hopper-v4 (Gymnasium's MuJoCo v4 semantics): hop forward without falling. 11 observations (5 positions without x,
/// 6 velocities clipped to ±10), 3 actions in [−1, 1], reward = Δx/dt + 1 − 0.001·Σ aᵢ², dt = 0.002 s × 4 frames.
/// Terminates unless z > 0.7, |angle| &lt; 0.2 and every qpos[2..] and qvel lies in (−100, 100); truncated at 1,000 steps.
/// Reset: qpos0 + U(−0.005, 0.005), qvel = U(−0.005, 0.005).
/// </summary>
public sealed class HopperEnvironment : LocomotionEnvironment
{
    private static readonly Lazy<MujocoModel> Model = new(() => MujocoModel.FromXml(LocomotionModels.Hopper));

    /// <summary>The registry entry, with D4RL's reference returns (its random and expert policies' scores).</summary>
    internal static EnvironmentEntry Entry { get; } =
        LocomotionCatalog.Entry(EnvironmentCatalog.Hopper, () => new HopperEnvironment(), new ReferenceReturn(Random: -20.272305, Expert: 3234.3));

    /// <summary>Creates the environment.</summary>
    /// <param name="timeLimit">Steps before truncation.</param>
    /// <exception cref="PlatformNotSupportedException">When MuJoCo 2.2.2 is not installed.</exception>
    public HopperEnvironment(int timeLimit = DefaultTimeLimit)
        : base(EnvironmentCatalog.Hopper, Model.Value, frameSkip: 4, controlCostWeight: 1e-3, resetNoiseScale: 5e-3, timeLimit)
    {
    }

    private protected override double VelocityNoise(SeededRandom random) => random.NextDouble(-ResetNoiseScale, ResetNoiseScale);

    private protected override bool IsHealthy
    {
        get
        {
            var positions = Positions;
            if (!(positions[1] > 0.7) || !(Math.Abs(positions[2]) < 0.2))
            {
                return false;
            }

            foreach (var value in positions[2..])
            {
                if (!(Math.Abs(value) < 100))
                {
                    return false;
                }
            }

            foreach (var value in Velocities)
            {
                if (!(Math.Abs(value) < 100))
                {
                    return false;
                }
            }

            return true;
        }
    }

    private protected override double HealthyReward => 1.0;

    private protected override double ObservedVelocity(double velocity) => Math.Clamp(velocity, -10, 10);
}
