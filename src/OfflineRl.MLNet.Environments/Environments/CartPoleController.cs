using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Linear state feedback for <see cref="CartPoleEnvironment"/>: push right when
/// 0.1·x + 0.3·ẋ + 1.5·θ + 0.4·θ̇ &gt; 0, else left; mixed with uniformly random actions with probability ε.
/// </summary>
/// <remarks>Noise-free, it balances for the full 500 steps from every start tried (see <see cref="ReferenceReturns"/>).</remarks>
public sealed class CartPoleController : IBehaviorController
{
    private readonly ActionNoise _noise;

    /// <summary>Creates the controller.</summary>
    /// <param name="epsilon">Probability of a uniformly random action per step, in [0, 1].</param>
    public CartPoleController(double epsilon = 0)
    {
        _noise = new ActionNoise(ActionSpace, epsilon, 0);
    }

    /// <inheritdoc />
    public string EnvironmentId => EnvironmentCatalog.CartPole;

    /// <inheritdoc />
    public ActionSpace ActionSpace { get; } = ActionSpace.Discrete(2);

    /// <summary>Probability of a uniformly random action per step.</summary>
    public double Epsilon => _noise.Epsilon;

    /// <inheritdoc />
    public void Reset(int seed) => _noise.Reset(seed);

    /// <inheritdoc />
    public float[] Act(ReadOnlySpan<float> observation)
    {
        Expect.Observation(EnvironmentId, observation, 4);
        var score = (0.1 * observation[0]) + (0.3 * observation[1]) + (1.5 * observation[2]) + (0.4 * observation[3]);
        return _noise.Discrete(score > 0 ? 1 : 0);
    }
}
