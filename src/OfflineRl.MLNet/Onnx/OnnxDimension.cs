namespace OfflineRl.MLNet.Onnx;

/// <summary>
/// One dimension of a declared tensor shape: a fixed size, or a symbolic name such as <c>"batch"</c> whose size
/// is chosen by the caller at run time.
/// </summary>
internal readonly record struct OnnxDimension
{
    private OnnxDimension(long? size, string? name)
    {
        Size = size;
        Name = name;
    }

    /// <summary>The fixed size, or null for a symbolic dimension.</summary>
    public long? Size { get; }

    /// <summary>The symbolic name, or null for a fixed dimension.</summary>
    public string? Name { get; }

    /// <summary>True when the dimension is symbolic (its size is set by the caller).</summary>
    public bool IsSymbolic => Name is not null;

    /// <summary>A fixed-size dimension.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="size"/> is negative.</exception>
    public static OnnxDimension Fixed(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return new OnnxDimension(size, null);
    }

    /// <summary>A symbolic dimension called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">When <paramref name="name"/> is null or blank.</exception>
    public static OnnxDimension Symbolic(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new OnnxDimension(null, name);
    }

    /// <summary>Converts a size to a fixed dimension.</summary>
    public static implicit operator OnnxDimension(long size) => Fixed(size);

    /// <summary>Same as the implicit conversion from <see cref="long"/>.</summary>
    public static OnnxDimension FromInt64(long size) => Fixed(size);

    /// <summary>The size, or the symbolic name.</summary>
    public override string ToString() => Name ?? Size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
}
