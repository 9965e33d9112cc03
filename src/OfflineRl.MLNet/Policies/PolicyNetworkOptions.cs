using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Policies;

/// <summary>The hidden part of a policy network (input and output widths follow from the policy).</summary>
internal sealed record PolicyNetworkOptions
{
    /// <summary>Default hidden widths: two layers of 256 (the IQL paper's).</summary>
    public static readonly IReadOnlyList<int> DefaultHiddenSizes = [256, 256];

    /// <summary>Hidden layer widths (default 256, 256).</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = DefaultHiddenSizes;

    /// <summary>Hidden activation (default ReLU).</summary>
    public Activation HiddenActivation { get; init; } = Activation.Relu;

    /// <summary>LayerNorm after each hidden Linear (default off).</summary>
    public bool LayerNorm { get; init; }

    /// <summary>Dropout rate after each hidden activation in training (default 0).</summary>
    public float DropoutRate { get; init; }

    /// <inheritdoc />
    public bool Equals(PolicyNetworkOptions? other) =>
        other is not null && HiddenSizes.SequenceEqual(other.HiddenSizes) && HiddenActivation == other.HiddenActivation &&
        LayerNorm == other.LayerNorm && DropoutRate.Equals(other.DropoutRate);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(HiddenSizes.Count, HiddenActivation, LayerNorm, DropoutRate);

    internal MlpOptions ToMlp(int input, int output, Activation outputActivation) =>
        new(input, HiddenSizes, output)
        {
            HiddenActivation = HiddenActivation,
            OutputActivation = outputActivation,
            LayerNorm = LayerNorm,
            DropoutRate = DropoutRate,
        };
}
