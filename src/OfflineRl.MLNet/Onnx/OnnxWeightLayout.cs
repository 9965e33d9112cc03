namespace OfflineRl.MLNet.Onnx;

/// <summary>How the row-major weight matrix of an <see cref="OnnxDenseLayer"/> is laid out.</summary>
internal enum OnnxWeightLayout
{
    /// <summary>
    /// Shape [outputs, inputs]: row <c>o</c> holds the weights of output unit <c>o</c> (PyTorch's <c>nn.Linear</c>
    /// convention); y = x·Wᵀ + b. Exported as <c>Gemm</c> with <c>transB = 1</c>.
    /// </summary>
    OutputMajor = 0,

    /// <summary>
    /// Shape [inputs, outputs]: row <c>i</c> holds the weights from input <c>i</c>; y = x·W + b.
    /// Exported as <c>Gemm</c> with <c>transB = 0</c>.
    /// </summary>
    InputMajor = 1,
}
