namespace OfflineRl.MLNet.Onnx;

/// <summary>Options of <see cref="PolicyOnnxExporter"/> and <see cref="ValueOnnxExporter"/>.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>
    /// For Gaussian policies, also output <c>ActionMean</c> (the distribution mean in environment units, equal to
    /// <c>PredictedAction</c>) and <c>ActionLogStd</c> (the clipped logσ of the [−1, 1]-scaled action, [batch, actDim]).
    /// Ignored by other heads.
    /// </summary>
    public bool WithDistribution { get; init; }

    /// <summary>Opset to declare (13 to 17).</summary>
    public long OpsetVersion { get; init; } = OnnxGraphBuilder.MaxOpsetVersion;

    /// <summary>Extra metadata properties written after the standard ones.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
