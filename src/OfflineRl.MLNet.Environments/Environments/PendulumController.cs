using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Energy-based swing-up with a PD catch for <see cref="PendulumEnvironment"/>.
/// </summary>
/// <remarks>
/// With θ̈ = 15 sin θ + 3u the energy E = ½θ̇² + 15 cos θ changes at the rate 3uθ̇ and is 15 upright at
/// rest. Far from the top (cos θ ≤ 0.9) the controller applies full torque with the sign of (15 − E)·θ̇,
/// pumping energy in or out; near the top it applies u = −(10θ + 2θ̇), clipped to ±2. With probability ε
/// the action is uniform random, otherwise Gaussian noise (standard deviation noise scale × 2) is added and
/// the result clipped.
/// </remarks>
public sealed class PendulumController : IBehaviorController
{
    private readonly ActionNoise _noise;

    /// <summary>Creates the controller.</summary>
    /// <param name="epsilon">Probability of a uniformly random action per step, in [0, 1].</param>
    /// <param name="noiseScale">Standard deviation of the Gaussian action noise, as a fraction of half the action range.</param>
    public PendulumController(double epsilon = 0, double noiseScale = 0)
    {
        _noise = new ActionNoise(ActionSpace, epsilon, noiseScale);
    }

    /// <inheritdoc />
    public string EnvironmentId => EnvironmentCatalog.Pendulum;

    /// <inheritdoc />
    public ActionSpace ActionSpace { get; } = ActionSpace.Continuous(1, [-2f], [2f]);

    /// <summary>Probability of a uniformly random action per step.</summary>
    public double Epsilon => _noise.Epsilon;

    /// <summary>Standard deviation of the Gaussian action noise, as a fraction of half the action range.</summary>
    public double NoiseScale => _noise.NoiseScale;

    /// <inheritdoc />
    public void Reset(int seed) => _noise.Reset(seed);

    /// <inheritdoc />
    public float[] Act(ReadOnlySpan<float> observation)
    {
        Expect.Observation(EnvironmentId, observation, 3);
        double cos = observation[0], sin = observation[1], thetaDot = observation[2];
        var theta = Math.Atan2(sin, cos);
        double u;
        if (cos > 0.9)
        {
            u = -((10 * theta) + (2 * thetaDot));
        }
        else
        {
            var energy = (0.5 * thetaDot * thetaDot) + (15 * cos);
            u = (15 - energy) * thetaDot >= 0 ? 2 : -2;
        }

        ReadOnlySpan<double> action = [Math.Clamp(u, -2.0, 2.0)];
        return _noise.Continuous(action);
    }
}
