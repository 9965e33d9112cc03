namespace OfflineRl.MLNet.Nn;

/// <summary>The shape of a multilayer perceptron: Linear → [LayerNorm] → activation → [Dropout] per hidden layer, then a Linear output layer.</summary>
internal sealed record MlpOptions
{
    /// <summary>Creates options with the required sizes.</summary>
    public MlpOptions(int inputSize, IReadOnlyList<int> hiddenSizes, int outputSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        foreach (var h in hiddenSizes)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(h, 1, nameof(hiddenSizes));
        }

        InputSize = inputSize;
        HiddenSizes = hiddenSizes.ToArray();
        OutputSize = outputSize;
    }

    /// <summary>Width of the input.</summary>
    public int InputSize { get; }

    /// <summary>Widths of the hidden layers (may be empty: a single linear layer).</summary>
    public IReadOnlyList<int> HiddenSizes { get; }

    /// <summary>Width of the output.</summary>
    public int OutputSize { get; }

    /// <summary>Hidden activation (default ReLU).</summary>
    public Activation HiddenActivation { get; init; } = Activation.Relu;

    /// <summary>Activation of the output layer (default none).</summary>
    public Activation OutputActivation { get; init; } = Activation.None;

    /// <summary>Insert a LayerNorm after each hidden Linear, before the activation.</summary>
    public bool LayerNorm { get; init; }

    /// <summary>Dropout rate after each hidden activation (0 = none).</summary>
    public float DropoutRate { get; init; }

    /// <summary>Gain of the output layer for <see cref="MlpInitialization.Orthogonal"/> (default 1).</summary>
    public float OutputGain { get; init; } = 1f;

    /// <inheritdoc />
    public bool Equals(MlpOptions? other) =>
        other is not null && InputSize == other.InputSize && OutputSize == other.OutputSize &&
        HiddenSizes.SequenceEqual(other.HiddenSizes) && HiddenActivation == other.HiddenActivation &&
        OutputActivation == other.OutputActivation && LayerNorm == other.LayerNorm &&
        DropoutRate.Equals(other.DropoutRate) && OutputGain.Equals(other.OutputGain);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(InputSize, OutputSize, HiddenSizes.Count, HiddenActivation, OutputActivation, LayerNorm);
}
