namespace OfflineRl.MLNet.Environments;

/// <summary>
/// HalfCheetah-v4 (Gymnasium's MuJoCo v4 semantics): run forward. 17 observations (8 positions without x, 9 velocities),
/// 6 actions in [−1, 1], reward = Δx/dt − 0.1·Σ aᵢ², dt = 0.01 s × 5 frames, never terminates, truncated at 1,000 steps.
/// Reset: qpos0 + U(−0.1, 0.1), qvel = 0.1·N(0, 1).
/// </summary>
public sealed class HalfCheetahEnvironment : LocomotionEnvironment
{
    private static readonly Lazy<MujocoModel> Model = new(() => MujocoModel.FromXml(LocomotionModels.HalfCheetah));

    /// <summary>The registry entry, with D4RL's reference returns (its random and expert policies' scores).</summary>
    internal static EnvironmentEntry Entry { get; } =
        LocomotionCatalog.Entry(EnvironmentCatalog.HalfCheetah, () => new HalfCheetahEnvironment(), new ReferenceReturn(Random: -280.178953, Expert: 12135.0));

    /// <summary>Creates the environment.</summary>
    /// <param name="timeLimit">Steps before truncation.</param>
    /// <exception cref="PlatformNotSupportedException">When MuJoCo 2.2.2 is not installed.</exception>
    public HalfCheetahEnvironment(int timeLimit = DefaultTimeLimit)
        : base(EnvironmentCatalog.HalfCheetah, Model.Value, frameSkip: 5, controlCostWeight: 0.1, resetNoiseScale: 0.1, timeLimit)
    {
    }

    private protected override double VelocityNoise(SeededRandom random) => ResetNoiseScale * random.NextGaussian();
}
