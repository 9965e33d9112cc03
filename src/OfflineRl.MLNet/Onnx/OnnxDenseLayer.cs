namespace OfflineRl.MLNet.Onnx;

/// <summary>
/// A fully connected layer to export: y = activation(x·Wᵀ + b) with W stored row-major as [outputs, inputs]
/// (<see cref="OnnxWeightLayout.OutputMajor"/>, the default) or as [inputs, outputs]
/// (<see cref="OnnxWeightLayout.InputMajor"/>). The arrays are not copied; do not change them before the
/// model is written.
/// </summary>
internal sealed class OnnxDenseLayer
{
    /// <summary>Creates a layer and checks that the array lengths agree with the sizes.</summary>
    /// <param name="inputSize">Width of the layer input.</param>
    /// <param name="outputSize">Width of the layer output (number of units).</param>
    /// <param name="weights">Row-major weights, <paramref name="inputSize"/>·<paramref name="outputSize"/> values laid out as <paramref name="layout"/> says.</param>
    /// <param name="bias">One bias per output unit, or null for no bias.</param>
    /// <param name="activation">Activation applied after the affine map.</param>
    /// <param name="layout">Layout of <paramref name="weights"/>.</param>
    /// <exception cref="ArgumentException">When a size is not positive, an array has the wrong length, or a value is not finite.</exception>
    public OnnxDenseLayer(
        int inputSize,
        int outputSize,
        float[] weights,
        float[]? bias,
        OnnxActivation activation = OnnxActivation.None,
        OnnxWeightLayout layout = OnnxWeightLayout.OutputMajor)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var errors = new List<string>();
        if (inputSize < 1)
        {
            errors.Add($"inputSize must be at least 1 (was {inputSize})");
        }

        if (outputSize < 1)
        {
            errors.Add($"outputSize must be at least 1 (was {outputSize})");
        }

        if (inputSize >= 1 && outputSize >= 1 && weights.LongLength != (long)inputSize * outputSize)
        {
            errors.Add($"weights has {weights.Length} values; a {layout} [{(layout == OnnxWeightLayout.OutputMajor ? $"{outputSize}, {inputSize}" : $"{inputSize}, {outputSize}")}] matrix needs {(long)inputSize * outputSize}");
        }

        if (bias is not null && bias.Length != outputSize)
        {
            errors.Add($"bias has {bias.Length} values; expected {outputSize}");
        }

        int badWeight = Array.FindIndex(weights, v => !float.IsFinite(v));
        if (badWeight >= 0)
        {
            errors.Add($"weights[{badWeight}] is {weights[badWeight]}");
        }

        int badBias = bias is null ? -1 : Array.FindIndex(bias, v => !float.IsFinite(v));
        if (badBias >= 0)
        {
            errors.Add($"bias[{badBias}] is {bias![badBias]}");
        }

        if (!Enum.IsDefined(activation))
        {
            errors.Add($"activation {activation} is not defined");
        }

        if (!Enum.IsDefined(layout))
        {
            errors.Add($"layout {layout} is not defined");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid dense layer: " + string.Join("; ", errors) + ".");
        }

        InputSize = inputSize;
        OutputSize = outputSize;
        Weights = weights;
        Bias = bias;
        Activation = activation;
        Layout = layout;
    }

    /// <summary>Width of the layer input.</summary>
    public int InputSize { get; }

    /// <summary>Width of the layer output.</summary>
    public int OutputSize { get; }

    /// <summary>Row-major weights laid out as <see cref="Layout"/> says.</summary>
    public float[] Weights { get; }

    /// <summary>Bias per output unit, or null.</summary>
    public float[]? Bias { get; }

    /// <summary>Activation applied after the affine map.</summary>
    public OnnxActivation Activation { get; }

    /// <summary>Layout of <see cref="Weights"/>.</summary>
    public OnnxWeightLayout Layout { get; }
}
