namespace OfflineRl.MLNet.Onnx;

/// <summary>Element-wise activation applied after a dense layer in <see cref="OnnxGraphBuilder.AppendMlp"/>.</summary>
internal enum OnnxActivation
{
    /// <summary>No activation (linear output).</summary>
    None = 0,

    /// <summary>max(0, x).</summary>
    Relu = 1,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh = 2,

    /// <summary>Logistic sigmoid 1 / (1 + e^−x).</summary>
    Sigmoid = 3,
}
