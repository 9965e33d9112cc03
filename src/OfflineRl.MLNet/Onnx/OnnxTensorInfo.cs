namespace OfflineRl.MLNet.Onnx;

/// <summary>One input or output of an ONNX model, as the ONNX contract tables write it.</summary>
/// <param name="Name">The tensor's name (<c>Observation</c>, <c>PredictedAction</c>, ...).</param>
/// <param name="ElementType">ONNX's name of its element type (<c>float32</c>, <c>int64</c>, ...), or the value kind of a non-tensor.</param>
/// <param name="Shape">Its shape as <c>[batch, 4]</c>: symbolic dimensions by name, unknown ones as <c>?</c>; empty for a non-tensor.</param>
public sealed record OnnxTensorInfo(string Name, string ElementType, string Shape)
{
    /// <summary>The tensor as <c>Observation: float32[batch, 4]</c>.</summary>
    public override string ToString() => $"{Name}: {ElementType}{Shape}";
}
