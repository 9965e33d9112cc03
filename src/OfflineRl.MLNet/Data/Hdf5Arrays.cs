using PureHDF;

namespace OfflineRl.MLNet.Data;

/// <summary>
/// Reads HDF5 datasets (through PureHDF, managed) into <see cref="NpyArray"/>s, so the HDF5 layouts share the .npz
/// loader's conversions and messages. Every dataset's claim (shape × element size) is checked against the file's length
/// before anything of that size is allocated, and every error PureHDF raises on damaged bytes becomes a
/// <see cref="DatasetValidationException"/> naming the file and the dataset.
/// </summary>
internal static class Hdf5Arrays
{
    /// <summary>
    /// Largest ratio of a chunked (possibly deflated) dataset's bytes to the file's: deflate cannot compress more
    /// than about 1032:1, so a claim beyond that is refused before reading.
    /// </summary>
    public const long MaxCompressionRatio = 1032;

    /// <summary>The eight bytes every HDF5 file starts with (at offset 0 when it has no user block).</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a];

    /// <summary>
    /// Runs <paramref name="read"/> and turns whatever PureHDF throws on bad bytes into a <see cref="DatasetValidationException"/>
    /// naming <paramref name="source"/> and, through <paramref name="where"/>, the object being read.
    /// </summary>
    public static T Guard<T>(string source, Func<string> where, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (DatasetValidationException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // PureHDF reports damaged structures with many exception types (Exception, IndexOutOfRange, Overflow,
            // NotSupported, EndOfStream, …); none of them is the library's answer, so each is named and wrapped here.
            var at = where();
            throw new DatasetValidationException(
                $"{source}: not a readable HDF5 file{(at.Length > 0 ? $" at {at}" : "")} ({ex.GetType().Name}: {FirstLine(ex.Message)})", ex);
        }
    }

    /// <summary>Children of <paramref name="group"/> by name.</summary>
    public static Dictionary<string, IH5Object> Children(IH5Group group) =>
        group.Children().ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>
    /// Reads dataset <paramref name="dataset"/> as an <see cref="NpyArray"/> named <paramref name="name"/> (used in
    /// messages). Floats of 4 or 8 bytes, integers of 1–8 bytes and h5py's booleans (an enumeration FALSE = 0, TRUE = 1)
    /// are read; anything else is refused with what was found.
    /// </summary>
    public static NpyArray Read(IH5Dataset dataset, string name, long fileLength)
    {
        var dims = dataset.Space.Dimensions;
        var shape = new int[dims.Length];
        long count = 1;
        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] > int.MaxValue)
            {
                throw new DatasetValidationException($"{name}: dimension {i} is {dims[i]}, more than {int.MaxValue}, which no array here can hold");
            }

            shape[i] = (int)dims[i];
            count = Math.Min(count * shape[i], long.MaxValue / int.MaxValue);
        }

        var shapeText = $"({string.Join(", ", shape)})";
        if (count > Array.MaxLength)
        {
            throw new DatasetValidationException($"{name}: the dataset claims shape {shapeText}, more than {Array.MaxLength} values, which no array here can hold");
        }

        var type = dataset.Type;
        var element = ElementOf(type, name);
        var bytes = count * type.Size;
        var chunked = dataset.Layout.Class == H5DataLayoutClass.Chunked;
        var limit = chunked ? fileLength * MaxCompressionRatio : fileLength;
        if (bytes > limit)
        {
            throw new DatasetValidationException(
                $"{name}: the dataset claims shape {shapeText} of {type.Size}-byte values, {bytes} bytes, but the file holds {fileLength}" +
                (chunked ? $" (even compressed {MaxCompressionRatio}:1 it could hold {limit})" : "") + "; refused before reading");
        }

        if (chunked)
        {
            // PureHDF allocates a whole chunk before it reads one (a fill value's chunk too), whatever the dataset's shape.
            var chunkBytes = (ulong)type.Size;
            foreach (var c in dataset.Layout.Chunks)
            {
                chunkBytes = c != 0 && chunkBytes > ulong.MaxValue / c ? ulong.MaxValue : chunkBytes * c;
            }

            if (chunkBytes > (ulong)Math.Max(limit, 0))
            {
                throw new DatasetValidationException(
                    $"{name}: its chunks claim shape ({string.Join(", ", dataset.Layout.Chunks)}) of {type.Size}-byte values, {chunkBytes} bytes each, " +
                    $"but the file holds {fileLength} (even compressed {MaxCompressionRatio}:1 it could hold {limit}); refused before reading");
            }
        }

        Array data = element switch
        {
            Element.Float32 => dataset.Read<float[]>(),
            Element.Float64 => dataset.Read<double[]>(),
            Element.Int8 => Array.ConvertAll(dataset.Read<sbyte[]>(), v => (int)v),
            Element.UInt8 => Array.ConvertAll(dataset.Read<byte[]>(), v => (int)v),
            Element.Int16 => Array.ConvertAll(dataset.Read<short[]>(), v => (int)v),
            Element.UInt16 => Array.ConvertAll(dataset.Read<ushort[]>(), v => (int)v),
            Element.Int32 => dataset.Read<int[]>(),
            Element.UInt32 => Array.ConvertAll(dataset.Read<uint[]>(), v => (long)v),
            Element.Int64 => dataset.Read<long[]>(),
            Element.UInt64 => UInt64ToInt64(dataset.Read<ulong[]>(), name),
            _ => Array.ConvertAll(dataset.Read<byte[]>(), v => v != 0),
        };
        if (data.Length != count)
        {
            throw new DatasetValidationException($"{name}: the dataset claims shape {shapeText} but {data.Length} values were read");
        }

        return NpyArray.Create(name, data, shape.Length == 0 ? [1] : shape);
    }

    private static long[] UInt64ToInt64(ulong[] values, string name)
    {
        var result = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] > long.MaxValue)
            {
                throw new DatasetValidationException($"{name}: row {i}: the unsigned 64-bit value {values[i]} is larger than {long.MaxValue}");
            }

            result[i] = (long)values[i];
        }

        return result;
    }

    private static Element ElementOf(IH5DataType type, string name)
    {
        switch (type.Class)
        {
            case H5DataTypeClass.FloatingPoint when type.Size is 4 or 8:
                return type.Size == 4 ? Element.Float32 : Element.Float64;
            case H5DataTypeClass.FixedPoint when type.Size is 1 or 2 or 4 or 8:
                var signed = type.FixedPoint.IsSigned;
                return type.Size switch
                {
                    1 => signed ? Element.Int8 : Element.UInt8,
                    2 => signed ? Element.Int16 : Element.UInt16,
                    4 => signed ? Element.Int32 : Element.UInt32,
                    _ => signed ? Element.Int64 : Element.UInt64,
                };
            case H5DataTypeClass.Enumerated when type.Size == 1 && IsBooleanEnumeration(type.Enumeration):
                return Element.Boolean;
            default:
                throw new DatasetValidationException(
                    $"{name}: HDF5 type {type.Class} of {type.Size} bytes is not supported; use float32/float64, integers or booleans");
        }
    }

    private static bool IsBooleanEnumeration(IEnumerationType enumeration)
    {
        var members = enumeration.GetMembers<byte>();
        return members.Count == 2 && members.TryGetValue("FALSE", out var f) && f == 0 && members.TryGetValue("TRUE", out var t) && t == 1;
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length <= 200 ? line : line[..200] + "…";
    }

    private enum Element
    {
        Float32,
        Float64,
        Int8,
        UInt8,
        Int16,
        UInt16,
        Int32,
        UInt32,
        Int64,
        UInt64,
        Boolean,
    }
}
