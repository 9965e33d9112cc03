using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OfflineRl.MLNet.Onnx;

/// <summary>
/// How a model's inputs and outputs are written in messages and in <see cref="OnnxPolicy.Inputs"/>:
/// <c>Observation: float32[batch, 4]</c>.
/// </summary>
internal static class OnnxTensorText
{
    /// <summary>ONNX's name for an element type, as the contract tables write it (float32, int64…).</summary>
    public static string TypeName(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Double => "float64",
        TensorElementType.Float16 => "float16",
        TensorElementType.BFloat16 => "bfloat16",
        TensorElementType.Bool => "bool",
        TensorElementType.String => "string",
        _ => type.ToString().ToLowerInvariant(),
    };

    /// <summary>A shape as <c>[batch, 4]</c>: symbolic dimensions by name, unknown ones as <c>?</c>.</summary>
    public static string ShapeText(NodeMetadata metadata)
    {
        if (!metadata.IsTensor)
        {
            return "";
        }

        var parts = new string[metadata.Dimensions.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var symbol = i < metadata.SymbolicDimensions.Length ? metadata.SymbolicDimensions[i] : "";
            parts[i] = metadata.Dimensions[i] >= 0 ? metadata.Dimensions[i].ToString(CultureInfo.InvariantCulture) : symbol.Length > 0 ? symbol : "?";
        }

        return $"[{string.Join(", ", parts)}]";
    }

    /// <summary>Each value of <paramref name="values"/>, in the model's order.</summary>
    public static IReadOnlyList<OnnxTensorInfo> Describe(IReadOnlyDictionary<string, NodeMetadata> values) =>
        [.. values.Select(v => Info(v.Key, v.Value))];

    /// <summary>A tensor as <c>Observation: float32[batch, 4]</c>.</summary>
    public static string Describe(string name, NodeMetadata metadata) => Info(name, metadata).ToString();

    private static OnnxTensorInfo Info(string name, NodeMetadata metadata) =>
        new(name, metadata.IsTensor ? TypeName(metadata.ElementDataType) : metadata.OnnxValueType.ToString(), ShapeText(metadata));
}
