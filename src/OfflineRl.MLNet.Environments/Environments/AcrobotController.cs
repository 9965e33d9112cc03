using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Energy pumping for <see cref="AcrobotEnvironment"/>: apply torque +1 when 0.5·θ̇2 − θ̇1 &gt; 0, else −1,
/// which drives the middle joint against the swing of the first link and so adds energy every half swing;
/// mixed with uniformly random actions with probability ε.
/// </summary>
/// <remarks>The sign and weights were chosen by a small grid search over sign(c1·θ̇1 + c2·θ̇2) policies.</remarks>
public sealed class AcrobotController : IBehaviorController
{
    private readonly ActionNoise _noise;

    /// <summary>Creates the controller.</summary>
    /// <param name="epsilon">Probability of a uniformly random action per step, in [0, 1].</param>
    public AcrobotController(double epsilon = 0)
    {
        _noise = new ActionNoise(ActionSpace, epsilon, 0);
    }

    /// <inheritdoc />
    public string EnvironmentId => EnvironmentCatalog.Acrobot;

    /// <inheritdoc />
    public ActionSpace ActionSpace { get; } = ActionSpace.Discrete(3);

    /// <summary>Probability of a uniformly random action per step.</summary>
    public double Epsilon => _noise.Epsilon;

    /// <inheritdoc />
    public void Reset(int seed) => _noise.Reset(seed);

    /// <inheritdoc />
    public float[] Act(ReadOnlySpan<float> observation)
    {
        Expect.Observation(EnvironmentId, observation, 6);
        var pump = (0.5 * observation[5]) - observation[4];
        return _noise.Discrete(pump > 0 ? 2 : 0);
    }
}
