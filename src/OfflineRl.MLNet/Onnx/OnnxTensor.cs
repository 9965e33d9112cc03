using System.Globalization;

namespace OfflineRl.MLNet.Onnx;

/// <summary>
/// A named dense tensor passed to or returned by <see cref="OnnxModelSession.Run"/>: float32 or int64 elements in
/// row-major order. The data array is held, not copied.
/// </summary>
public sealed class OnnxTensor
{
    private readonly long[] _shape;

    private OnnxTensor(string name, OnnxElementType elementType, Array data, long[] shape)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (long dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"Tensor '{name}': dimension {dimension} is negative.", nameof(shape));
            }

            count = checked(count * dimension);
        }

        if (count != data.LongLength)
        {
            throw new ArgumentException(
                $"Tensor '{name}' has {data.LongLength} values but shape [{string.Join(", ", shape)}] holds {count}.", nameof(shape));
        }

        Name = name;
        ElementType = elementType;
        Data = data;
        _shape = (long[])shape.Clone();
    }

    /// <summary>The input or output name.</summary>
    public string Name { get; }

    /// <summary><see cref="OnnxElementType.Float"/> or <see cref="OnnxElementType.Int64"/>.</summary>
    public OnnxElementType ElementType { get; }

    /// <summary>The dimensions.</summary>
    public IReadOnlyList<long> Shape => _shape;

    /// <summary>Number of elements.</summary>
    public long ElementCount => Data.LongLength;

    /// <summary>The element array (<see cref="float"/>[] or <see cref="long"/>[]).</summary>
    internal Array Data { get; }

    /// <summary>A float32 tensor over <paramref name="data"/> (not copied) with the given shape.</summary>
    /// <exception cref="ArgumentException">When the element count does not match the shape.</exception>
    public static OnnxTensor FromFloat(string name, float[] data, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new OnnxTensor(name, OnnxElementType.Float, data, shape);
    }

    /// <summary>An int64 tensor over <paramref name="data"/> (not copied) with the given shape.</summary>
    /// <exception cref="ArgumentException">When the element count does not match the shape.</exception>
    public static OnnxTensor FromInt64(string name, long[] data, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new OnnxTensor(name, OnnxElementType.Int64, data, shape);
    }

    /// <summary>The float32 elements (the held array).</summary>
    /// <exception cref="InvalidOperationException">When the tensor is not float32.</exception>
    public float[] GetFloatData() =>
        Data as float[] ?? throw new InvalidOperationException($"Tensor '{Name}' holds {OnnxTensorInfo.TypeName(ElementType)} values, not float32.");

    /// <summary>The int64 elements (the held array).</summary>
    /// <exception cref="InvalidOperationException">When the tensor is not int64.</exception>
    public long[] GetInt64Data() =>
        Data as long[] ?? throw new InvalidOperationException($"Tensor '{Name}' holds {OnnxTensorInfo.TypeName(ElementType)} values, not int64.");

    /// <summary>"Action: float32[64, 6]".</summary>
    public override string ToString() =>
        $"{Name}: {OnnxTensorInfo.TypeName(ElementType)}[{string.Join(", ", _shape.Select(d => d.ToString(CultureInfo.InvariantCulture)))}]";
}
