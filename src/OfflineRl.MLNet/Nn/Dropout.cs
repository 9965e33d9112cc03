namespace OfflineRl.MLNet.Nn;

/// <summary>
/// Inverted dropout: in training each value is kept with probability 1 − p and scaled by 1/(1 − p), else zeroed;
/// at evaluation it is the identity. The mask comes from a seeded <see cref="NnRandom"/> and is cached for
/// <see cref="Backward"/>.
/// </summary>
internal sealed class Dropout
{
    private readonly float[] _mask;
    private readonly NnRandom _random;
    private bool _lastWasTraining;

    /// <summary>Creates a dropout layer for up to <paramref name="capacity"/> values per call.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the rate is outside [0, 1).</exception>
    public Dropout(float rate, int capacity, NnRandom random)
    {
        if (!(rate >= 0f && rate < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "Dropout rate must be in [0, 1).");
        }

        ArgumentNullException.ThrowIfNull(random);
        Rate = rate;
        _mask = new float[capacity];
        _random = random;
    }

    /// <summary>Probability of zeroing a value.</summary>
    public float Rate { get; }

    /// <summary>Applies dropout to <paramref name="input"/> into <paramref name="output"/> (may alias).</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, bool training)
    {
        _lastWasTraining = training && Rate > 0f;
        if (!_lastWasTraining)
        {
            input.CopyTo(output);
            return;
        }

        var scale = 1f / (1f - Rate);
        for (var i = 0; i < input.Length; i++)
        {
            _mask[i] = _random.NextFloat() >= Rate ? scale : 0f;
            output[i] = input[i] * _mask[i];
        }
    }

    /// <summary>Backward of the last <see cref="Forward"/>: <c>dX = dY·mask</c> (may alias).</summary>
    public void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        if (!_lastWasTraining)
        {
            outputGradient.CopyTo(inputGradient);
            return;
        }

        for (var i = 0; i < outputGradient.Length; i++)
        {
            inputGradient[i] = outputGradient[i] * _mask[i];
        }
    }
}
