using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// The quality knob shared by the controllers: with probability ε a uniformly random action replaces the
/// controller's; otherwise continuous actions get Gaussian noise (standard deviation = noise scale × half the
/// action range) and are clipped to the bounds.
/// </summary>
internal sealed class ActionNoise
{
    private readonly ActionSpace _space;
    private SeededRandom _random = new(0);

    public ActionNoise(ActionSpace space, double epsilon, double noiseScale)
    {
        if (!(epsilon >= 0 && epsilon <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon is a probability in [0, 1].");
        }

        if (!(noiseScale >= 0) || double.IsPositiveInfinity(noiseScale))
        {
            throw new ArgumentOutOfRangeException(nameof(noiseScale), noiseScale, "The noise scale is a finite value ≥ 0.");
        }

        _space = space;
        Epsilon = epsilon;
        NoiseScale = noiseScale;
    }

    public double Epsilon { get; }

    public double NoiseScale { get; }

    public SeededRandom Random => _random;

    public void Reset(int seed) => _random = new SeededRandom(seed);

    /// <summary>True when this step's action should be uniformly random (consumes one draw only when 0 &lt; ε &lt; 1).</summary>
    public bool TakeRandom() => Epsilon >= 1 || (Epsilon > 0 && _random.NextDouble() < Epsilon);

    public float[] RandomAction()
    {
        if (_space.IsDiscrete)
        {
            return [_random.NextInt(_space.Count)];
        }

        var action = new float[_space.Dimension];
        for (var i = 0; i < action.Length; i++)
        {
            action[i] = (float)_random.NextDouble(_space.Low![i], _space.High![i]);
        }

        return action;
    }

    /// <summary>ε-mixing for discrete controllers.</summary>
    public float[] Discrete(int controllerAction) => TakeRandom() ? RandomAction() : [controllerAction];

    /// <summary>ε-mixing plus Gaussian noise and clipping for continuous controllers.</summary>
    public float[] Continuous(ReadOnlySpan<double> controllerAction)
    {
        if (TakeRandom())
        {
            return RandomAction();
        }

        var action = new float[_space.Dimension];
        for (var i = 0; i < action.Length; i++)
        {
            double low = _space.Low![i], high = _space.High![i];
            var value = controllerAction[i];
            if (NoiseScale > 0)
            {
                value += NoiseScale * (high - low) / 2 * _random.NextGaussian();
            }

            action[i] = (float)Math.Clamp(value, low, high);
        }

        return action;
    }
}
