using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OfflineRl.MLNet.Data;

/// <summary>
/// One array of a .npy file (NumPy format versions 1–3): little-endian float32, float64, int32, int64 or bool,
/// C order. Anything else is refused with a message saying what was found.
/// </summary>
/// <remarks>Format reference: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html</remarks>
public sealed partial class NpyArray
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private NpyArray(string name, string dtype, int[] shape, Array data)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        Data = data;
    }

    /// <summary>Array name (the entry name inside an .npz without ".npy").</summary>
    public string Name { get; }

    /// <summary>NumPy dtype descriptor, e.g. "&lt;f4".</summary>
    public string DType { get; }

    /// <summary>Shape; a scalar has an empty shape.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Values in C order: float[], double[], int[], long[] or bool[].</summary>
    public Array Data { get; }

    /// <summary>Number of rows (the first dimension; 1 for a scalar).</summary>
    public int Rows => Shape.Count == 0 ? 1 : Shape[0];

    /// <summary>Values per row (product of the other dimensions).</summary>
    public int Width => Shape.Count <= 1 ? 1 : Shape.Skip(1).Aggregate(1, (a, b) => a * b);

    /// <summary>True for int32/int64 arrays.</summary>
    public bool IsInteger => Data is int[] or long[];

    /// <summary>Wraps values already in memory (for writing).</summary>
    public static NpyArray Create(string name, Array data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        var dtype = data switch
        {
            float[] => "<f4",
            double[] => "<f8",
            int[] => "<i4",
            long[] => "<i8",
            bool[] => "|b1",
            _ => throw new ArgumentException($"Unsupported element type {data.GetType().GetElementType()?.Name}; use float, double, int, long or bool."),
        };
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (count != data.Length)
        {
            throw new ArgumentException($"Shape ({string.Join(", ", shape)}) holds {count} values but {data.Length} were given.");
        }

        return new NpyArray(name, dtype, shape, data);
    }

    /// <summary>Longest .npy header read (numpy writes a few hundred bytes).</summary>
    private const int MaxHeaderLength = 1 << 20;

    /// <summary>Values allocated before any arrive; the array doubles from there as the stream delivers.</summary>
    private const int InitialValues = 1 << 16;

    /// <summary>Reads one .npy stream; <paramref name="name"/> is used in messages.</summary>
    /// <exception cref="DatasetValidationException">On a malformed header, an unsupported dtype or order, or fewer bytes than the header claims.</exception>
    public static NpyArray Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Read(stream, name, stream.CanSeek ? stream.Length - stream.Position : null);
    }

    /// <summary>
    /// Reads one .npy stream of <paramref name="available"/> bytes when that is known (a file's or zip entry's length):
    /// a header that claims more values than the bytes can hold is refused before anything of its size is allocated.
    /// </summary>
    internal static NpyArray Read(Stream stream, string name, long? available)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var prefix = new byte[10];
        if (stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false) < prefix.Length)
        {
            throw new DatasetValidationException($"{name}: not a .npy array (shorter than its 10-byte prefix)");
        }

        if (!prefix.AsSpan(0, 6).SequenceEqual(Magic))
        {
            throw new DatasetValidationException($"{name}: not a .npy array (bad magic bytes)");
        }

        var major = prefix[6];
        int headerLength;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix.AsSpan(8, 2));
        }
        else if (major is 2 or 3)
        {
            var extra = new byte[2];
            if (stream.ReadAtLeast(extra, 2, throwOnEndOfStream: false) < 2)
            {
                throw new DatasetValidationException($"{name}: the .npy header is truncated");
            }

            headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian([prefix[8], prefix[9], extra[0], extra[1]]);
        }
        else
        {
            throw new DatasetValidationException($"{name}: .npy format version {major} is not supported (1, 2 or 3 are)");
        }

        if (headerLength is < 0 or > MaxHeaderLength)
        {
            throw new DatasetValidationException($"{name}: .npy header length {headerLength} is implausible (at most {MaxHeaderLength} bytes are read)");
        }

        var prefixLength = major == 1 ? 10 : 12;
        if (available is { } size && prefixLength + (long)headerLength > size)
        {
            throw new DatasetValidationException($"{name}: the .npy header is truncated (it claims {headerLength} bytes; the array holds {size} in all)");
        }

        var headerBytes = new byte[headerLength];
        try
        {
            stream.ReadExactly(headerBytes);
        }
        catch (EndOfStreamException ex)
        {
            throw new DatasetValidationException($"{name}: the .npy header is truncated (it claims {headerLength} bytes)", ex);
        }

        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var descr = HeaderField(header, "descr", name);
        var fortran = HeaderField(header, "fortran_order", name);
        var shapeText = ShapeRegex().Match(header);
        if (!shapeText.Success)
        {
            throw new DatasetValidationException($"{name}: .npy header has no shape: {header.Trim()}");
        }

        if (fortran != "False")
        {
            throw new DatasetValidationException($"{name}: Fortran-ordered arrays are not supported (found fortran_order {fortran}); save with C order");
        }

        var dims = shapeText.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shape = new int[dims.Length];
        long total = 1;
        for (var i = 0; i < dims.Length; i++)
        {
            if (!int.TryParse(dims[i].TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
            {
                throw new DatasetValidationException($"{name}: .npy shape dimension '{dims[i]}' is not a whole number in [0, {int.MaxValue}]");
            }

            total = Math.Min(total * shape[i], long.MaxValue / int.MaxValue);
        }

        if (total > Array.MaxLength)
        {
            throw new DatasetValidationException(
                $"{name}: the .npy header claims shape ({string.Join(", ", shape)}), more than {Array.MaxLength} values, which no array here can hold");
        }

        var count = (int)total;
        var itemSize = descr switch
        {
            "<f8" or "<i8" => 8,
            "<f4" or "<i4" => 4,
            "|b1" or "<b1" or ">b1" => 1,
            _ => throw new DatasetValidationException(
                $"{name}: dtype '{descr}' is not supported; use little-endian float32 (<f4), float64 (<f8), int32 (<i4), int64 (<i8) or bool (|b1)"),
        };
        if (available is { } bytes && (long)count * itemSize > bytes - prefixLength - headerLength)
        {
            throw new DatasetValidationException(
                $"{name}: the array is truncated (header promises {count} values): shape ({string.Join(", ", shape)}) needs {(long)count * itemSize} bytes but {Math.Max(0, bytes - prefixLength - headerLength)} follow the header");
        }

        Array data = descr switch
        {
            "<f4" => ReadValues<float>(stream, count, name),
            "<f8" => ReadValues<double>(stream, count, name),
            "<i4" => ReadValues<int>(stream, count, name),
            "<i8" => ReadValues<long>(stream, count, name),
            "|b1" or "<b1" or ">b1" => ReadBools(stream, count, name),
            _ => throw new DatasetValidationException(
                $"{name}: dtype '{descr}' is not supported; use little-endian float32 (<f4), float64 (<f8), int32 (<i4), int64 (<i8) or bool (|b1)"),
        };
        return new NpyArray(name, descr, shape, data);
    }

    /// <summary>Writes this array as .npy version 1.0.</summary>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var shape = Shape.Count == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";
        var header = $"{{'descr': '{DType}', 'fortran_order': False, 'shape': {shape}, }}";
        var total = 10 + header.Length + 1;
        var padded = header + new string(' ', (64 - (total % 64)) % 64) + "\n";
        stream.Write(Magic);
        stream.Write([1, 0]);
        Span<byte> len = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)padded.Length);
        stream.Write(len);
        stream.Write(Encoding.Latin1.GetBytes(padded));
        switch (Data)
        {
            case float[] f: WriteValues<float>(stream, f); break;
            case double[] d: WriteValues<double>(stream, d); break;
            case int[] i: WriteValues<int>(stream, i); break;
            case long[] l: WriteValues<long>(stream, l); break;
            case bool[] b: stream.Write(b.Select(v => v ? (byte)1 : (byte)0).ToArray()); break;
        }
    }

    /// <summary>Values as float32 (float64 and integers converted).</summary>
    public float[] ToFloats() => Data switch
    {
        float[] f => f,
        double[] d => Array.ConvertAll(d, v => (float)v),
        int[] i => Array.ConvertAll(i, v => (float)v),
        long[] l => Array.ConvertAll(l, v => (float)v),
        _ => throw new DatasetValidationException($"{Name}: expected numbers but the array holds {DType} values"),
    };

    /// <summary>Values as float64.</summary>
    public double[] ToDoubles() => Data switch
    {
        float[] f => Array.ConvertAll(f, v => (double)v),
        double[] d => d,
        int[] i => Array.ConvertAll(i, v => (double)v),
        long[] l => Array.ConvertAll(l, v => (double)v),
        _ => throw new DatasetValidationException($"{Name}: expected numbers but the array holds {DType} values"),
    };

    /// <summary>Values as int64 (integer arrays only).</summary>
    public long[] ToLongs() => Data switch
    {
        int[] i => Array.ConvertAll(i, v => (long)v),
        long[] l => l,
        _ => throw new DatasetValidationException($"{Name}: expected integers but the array holds {DType} values"),
    };

    /// <summary>Values as flags: bool arrays as they are; numbers must be exactly 0 or 1.</summary>
    public bool[] ToFlags()
    {
        if (Data is bool[] b)
        {
            return b;
        }

        var d = ToDoubles();
        var flags = new bool[d.Length];
        for (var i = 0; i < d.Length; i++)
        {
            flags[i] = d[i] switch
            {
                0 => false,
                1 => true,
                _ => throw new DatasetValidationException($"{Name}: row {i}: flag value {d[i]} is neither 0 nor 1"),
            };
        }

        return flags;
    }

    /// <summary>
    /// Reads <paramref name="count"/> values, growing the array as bytes arrive: the count comes from a header someone
    /// else wrote, so memory follows the bytes that exist, never the claim (a 1 KB file claiming 2·10⁹ values fails fast).
    /// </summary>
    private static T[] ReadValues<T>(Stream stream, int count, string name)
        where T : unmanaged
    {
        var values = new T[Math.Min(count, InitialValues)];
        var read = 0;
        while (true)
        {
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan(read));
            try
            {
                stream.ReadExactly(bytes);
            }
            catch (EndOfStreamException ex)
            {
                throw new DatasetValidationException($"{name}: the array is truncated (header promises {count} values)", ex);
            }

            read = values.Length;
            if (read == count)
            {
                break;
            }

            Array.Resize(ref values, (int)Math.Min(count, 2L * read));
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Big-endian hosts are not supported.");
        }

        return values;
    }

    private static bool[] ReadBools(Stream stream, int count, string name)
    {
        var bytes = ReadValues<byte>(stream, count, name);
        var flags = new bool[count];
        for (var i = 0; i < count; i++)
        {
            flags[i] = bytes[i] != 0;
        }

        return flags;
    }

    private static void WriteValues<T>(Stream stream, T[] values)
        where T : unmanaged => stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));

    private static string HeaderField(string header, string key, string name)
    {
        var m = Regex.Match(header, $"'{key}'\\s*:\\s*('([^']*)'|True|False)");
        if (!m.Success)
        {
            throw new DatasetValidationException($"{name}: .npy header has no '{key}': {header.Trim()}");
        }

        return m.Groups[2].Success ? m.Groups[2].Value : m.Groups[1].Value;
    }

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();
}
