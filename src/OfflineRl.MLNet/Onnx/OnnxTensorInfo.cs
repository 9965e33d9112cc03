using System.Globalization;

namespace OfflineRl.MLNet.Onnx;

/// <summary>Name, element type and declared shape of a model input or output, as ONNX Runtime reports them.</summary>
public sealed class OnnxTensorInfo
{
    /// <summary>Creates a description.</summary>
    /// <param name="name">The value name.</param>
    /// <param name="elementType">The element type (<see cref="OnnxElementType.Undefined"/> for non-tensor values).</param>
    /// <param name="shape">Dimensions; −1 for a symbolic or unknown dimension.</param>
    /// <param name="dimensionNames">Symbolic names per dimension; empty string for fixed dimensions.</param>
    /// <param name="isTensor">False for sequences, maps and other non-tensor values.</param>
    public OnnxTensorInfo(string name, OnnxElementType elementType, IReadOnlyList<long> shape, IReadOnlyList<string> dimensionNames, bool isTensor = true)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(dimensionNames);
        if (shape.Count != dimensionNames.Count)
        {
            throw new ArgumentException($"'{name}': {shape.Count} dimensions but {dimensionNames.Count} dimension names.", nameof(dimensionNames));
        }

        Name = name;
        ElementType = elementType;
        Shape = shape.ToArray();
        DimensionNames = dimensionNames.ToArray();
        IsTensor = isTensor;
    }

    /// <summary>The value name.</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public OnnxElementType ElementType { get; }

    /// <summary>Declared dimensions; −1 marks a symbolic (caller-chosen) or unknown dimension.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Symbolic dimension names (e.g. "batch"); empty string for fixed dimensions.</summary>
    public IReadOnlyList<string> DimensionNames { get; }

    /// <summary>False for sequences, maps and other non-tensor values.</summary>
    public bool IsTensor { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Count;

    /// <summary>Short ONNX-style type name: float32, int64, ….</summary>
    public static string TypeName(OnnxElementType elementType) => elementType switch
    {
        OnnxElementType.Float => "float32",
        OnnxElementType.Double => "float64",
        OnnxElementType.Float16 => "float16",
        OnnxElementType.BFloat16 => "bfloat16",
        OnnxElementType.Undefined => "undefined",
        _ => elementType.ToString().ToLowerInvariant(),
    };

    /// <summary>The shape as text, symbolic dimensions by name: "[batch, 4]".</summary>
    public string ShapeText()
    {
        var parts = new string[Shape.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = DimensionNames[i].Length > 0 ? DimensionNames[i]
                : Shape[i] < 0 ? "?"
                : Shape[i].ToString(CultureInfo.InvariantCulture);
        }

        return "[" + string.Join(", ", parts) + "]";
    }

    /// <summary>"Observation: float32[batch, 4]".</summary>
    public override string ToString() =>
        IsTensor ? $"{Name}: {TypeName(ElementType)}{ShapeText()}" : $"{Name}: (non-tensor value)";
}
