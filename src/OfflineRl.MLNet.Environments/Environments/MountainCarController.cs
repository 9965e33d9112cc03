using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Energy pumping for <see cref="MountainCarEnvironment"/>: accelerate in the direction of motion (at rest,
/// toward the valley floor's far side: right when left of −0.5, else left); mixed with uniformly random
/// actions with probability ε.
/// </summary>
public sealed class MountainCarController : IBehaviorController
{
    private readonly ActionNoise _noise;

    /// <summary>Creates the controller.</summary>
    /// <param name="epsilon">Probability of a uniformly random action per step, in [0, 1].</param>
    public MountainCarController(double epsilon = 0)
    {
        _noise = new ActionNoise(ActionSpace, epsilon, 0);
    }

    /// <inheritdoc />
    public string EnvironmentId => EnvironmentCatalog.MountainCar;

    /// <inheritdoc />
    public ActionSpace ActionSpace { get; } = ActionSpace.Discrete(3);

    /// <summary>Probability of a uniformly random action per step.</summary>
    public double Epsilon => _noise.Epsilon;

    /// <inheritdoc />
    public void Reset(int seed) => _noise.Reset(seed);

    /// <inheritdoc />
    public float[] Act(ReadOnlySpan<float> observation)
    {
        Expect.Observation(EnvironmentId, observation, 2);
        return _noise.Discrete(PushRight(observation[0], observation[1]) ? 2 : 0);
    }

    /// <summary>The pumping rule shared with <see cref="MountainCarContinuousController"/>.</summary>
    internal static bool PushRight(float position, float velocity) => velocity > 0 || (velocity == 0 && position < -0.5f);
}
