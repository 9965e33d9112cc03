using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Energy pumping for <see cref="MountainCarContinuousEnvironment"/>: full force (±1) in the direction of
/// motion, as <see cref="MountainCarController"/> does; with probability ε a uniform random action, otherwise
/// Gaussian noise of standard deviation <c>noiseScale</c> added and the result clipped to [−1, 1].
/// </summary>
public sealed class MountainCarContinuousController : IBehaviorController
{
    private readonly ActionNoise _noise;

    /// <summary>Creates the controller.</summary>
    /// <param name="epsilon">Probability of a uniformly random action per step, in [0, 1].</param>
    /// <param name="noiseScale">Standard deviation of the Gaussian action noise, as a fraction of half the action range.</param>
    public MountainCarContinuousController(double epsilon = 0, double noiseScale = 0)
    {
        _noise = new ActionNoise(ActionSpace, epsilon, noiseScale);
    }

    /// <inheritdoc />
    public string EnvironmentId => EnvironmentCatalog.MountainCarContinuous;

    /// <inheritdoc />
    public ActionSpace ActionSpace { get; } = ActionSpace.Continuous(1, [-1f], [1f]);

    /// <summary>Probability of a uniformly random action per step.</summary>
    public double Epsilon => _noise.Epsilon;

    /// <summary>Standard deviation of the Gaussian action noise, as a fraction of half the action range.</summary>
    public double NoiseScale => _noise.NoiseScale;

    /// <inheritdoc />
    public void Reset(int seed) => _noise.Reset(seed);

    /// <inheritdoc />
    public float[] Act(ReadOnlySpan<float> observation)
    {
        Expect.Observation(EnvironmentId, observation, 2);
        ReadOnlySpan<double> action = [MountainCarController.PushRight(observation[0], observation[1]) ? 1.0 : -1.0];
        return _noise.Continuous(action);
    }
}
