namespace OfflineRl.MLNet.Data;

/// <summary>
/// Checks a Parquet file's footer (its metadata, Thrift compact protocol) for structure before Parquet.Net decodes it:
/// every list, map and byte string must fit in the bytes that remain, every struct must end, nesting stays shallow, and
/// every field Parquet.Net decodes has the wire type parquet.thrift gives it. Both kinds of damage otherwise kept
/// Parquet.Net's decoder reading past the end forever (found by fuzzing); here they are refused in time linear in the
/// footer's length.
/// </summary>
/// <remarks>Wire format: https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md</remarks>
internal static class ParquetFooter
{
    private const int MaxDepth = 64;

    // Compact-protocol types: 1 bool, 4 i16, 5 i32, 6 i64, 8 binary/string, 9 list, 12 struct.
    private const int Bool = 1, I16 = 4, I32 = 5, I64 = 6, Binary = 8, List = 9, Struct12 = 12;

    /// <summary>The field types parquet.thrift gives the metadata Parquet.Net decodes (unknown fields are only skipped).</summary>
    private static readonly Shape KeyValue = new() { [1] = new(Binary), [2] = new(Binary) };

    private static readonly Shape Statistics = new()
    {
        [1] = new(Binary),
        [2] = new(Binary),
        [3] = new(I64),
        [4] = new(I64),
        [5] = new(Binary),
        [6] = new(Binary),
        [7] = new(Bool),
        [8] = new(Bool),
    };

    private static readonly Shape ColumnMetaData = new()
    {
        [1] = new(I32),
        [2] = new(List, I32),
        [3] = new(List, Binary),
        [4] = new(I32),
        [5] = new(I64),
        [6] = new(I64),
        [7] = new(I64),
        [8] = new(List, Struct12, KeyValue),
        [9] = new(I64),
        [10] = new(I64),
        [11] = new(I64),
        [12] = new(Struct12, Struct: Statistics),
        [13] = new(List, Struct12),
        [14] = new(I64),
        [15] = new(I32),
        [16] = new(Struct12),
        [17] = new(Struct12),
    };

    private static readonly Shape ColumnChunk = new()
    {
        [1] = new(Binary),
        [2] = new(I64),
        [3] = new(Struct12, Struct: ColumnMetaData),
        [4] = new(I64),
        [5] = new(I32),
        [6] = new(I64),
        [7] = new(I32),
        [8] = new(Struct12),
        [9] = new(Binary),
    };

    private static readonly Shape RowGroup = new()
    {
        [1] = new(List, Struct12, ColumnChunk),
        [2] = new(I64),
        [3] = new(I64),
        [4] = new(List, Struct12),
        [5] = new(I64),
        [6] = new(I64),
        [7] = new(I16),
    };

    private static readonly Shape SchemaElement = new()
    {
        [1] = new(I32),
        [2] = new(I32),
        [3] = new(I32),
        [4] = new(Binary),
        [5] = new(I32),
        [6] = new(I32),
        [7] = new(I32),
        [8] = new(I32),
        [9] = new(I32),
        [10] = new(Struct12),
    };

    private static readonly Shape FileMetaData = new()
    {
        [1] = new(I32),
        [2] = new(List, Struct12, SchemaElement),
        [3] = new(I64),
        [4] = new(List, Struct12, RowGroup),
        [5] = new(List, Struct12, KeyValue),
        [6] = new(Binary),
        [7] = new(List, Struct12),
        [8] = new(Struct12),
        [9] = new(Binary),
    };

    /// <summary>A struct's known fields by id.</summary>
    private sealed class Shape : Dictionary<int, Field>;

    /// <summary>A field's compact type; for a list, its element type and, for structs, their fields.</summary>
    private sealed record Field(int Type, int? Element = null, Shape? Struct = null);

    /// <summary>Reads the footer of the <paramref name="length"/>-byte file in <paramref name="stream"/> and checks it; the stream is left where it was.</summary>
    /// <exception cref="DatasetValidationException">When the footer's length or structure is damaged.</exception>
    public static void Check(Stream stream, long length, string source)
    {
        var start = stream.Position;
        Span<byte> tail = stackalloc byte[8];
        stream.Position = start + length - 8;
        stream.ReadExactly(tail);
        var footerLength = BitConverter.ToInt32(tail[..4]);
        if (footerLength <= 0 || footerLength > length - 12)
        {
            throw new DatasetValidationException(source, [$"not a readable Parquet file: its footer claims {footerLength} bytes of metadata in a {length}-byte file"]);
        }

        var footer = new byte[footerLength];
        stream.Position = start + length - 8 - footerLength;
        stream.ReadExactly(footer);
        stream.Position = start;
        var at = 0;
        if (!Struct(footer, ref at, 0, FileMetaData))
        {
            throw new DatasetValidationException(source, [$"not a readable Parquet file: its metadata (footer) is damaged near byte {at} of {footerLength}"]);
        }
    }

    private static bool Struct(ReadOnlySpan<byte> b, ref int at, int depth, Shape? shape)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        var lastId = 0;
        while (at < b.Length)
        {
            var header = b[at++];
            var type = header & 0x0f;
            if (type == 0)
            {
                return true;
            }

            int id;
            if ((header >> 4) == 0)
            {
                if (!VarInt(b, ref at, out var zigzag))
                {
                    return false;
                }

                id = (int)((long)(zigzag >> 1) ^ -(long)(zigzag & 1));
            }
            else
            {
                id = lastId + (header >> 4);
            }

            lastId = id;
            Field? expected = null;
            if (shape is not null && shape.TryGetValue(id, out var known))
            {
                // Parquet.Net decodes a field it knows by the type its schema says, whatever the wire says: a field whose
                // wire type differs would send it out of step with the bytes, so it is refused here.
                var wire = type == 2 ? 1 : type;
                if (wire != known.Type)
                {
                    return false;
                }

                expected = known;
            }

            if (type is 1 or 2)
            {
                continue;
            }

            if (!Value(b, ref at, type, depth, expected))
            {
                return false;
            }
        }

        return false;
    }

    private static bool Value(ReadOnlySpan<byte> b, ref int at, int type, int depth, Field? expected = null)
    {
        switch (type)
        {
            case 1 or 2 or 3:
                return ++at <= b.Length;
            case 4 or 5 or 6:
                return VarInt(b, ref at, out _);
            case 7:
                at += 8;
                return at <= b.Length;
            case 8:
                if (!VarInt(b, ref at, out var size) || size > (ulong)(b.Length - at))
                {
                    return false;
                }

                at += (int)size;
                return true;
            case 9 or 10:
                if (at >= b.Length)
                {
                    return false;
                }

                var list = b[at++];
                var count = (ulong)(list >> 4);
                if (count == 15 && !VarInt(b, ref at, out count))
                {
                    return false;
                }

                if (expected?.Element is { } element && count > 0 && (list & 0x0f) != element)
                {
                    return false;
                }

                return Elements(b, ref at, list & 0x0f, count, depth, expected?.Struct);
            case 11:
                if (!VarInt(b, ref at, out var entries))
                {
                    return false;
                }

                if (entries == 0)
                {
                    return true;
                }

                if (at >= b.Length || entries > (ulong)(b.Length - at))
                {
                    return false;
                }

                var kinds = b[at++];
                for (ulong i = 0; i < entries; i++)
                {
                    if (!Value(b, ref at, kinds >> 4, depth + 1) || !Value(b, ref at, kinds & 0x0f, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            case 12:
                return Struct(b, ref at, depth + 1, expected?.Struct);
            default:
                return false;
        }
    }

    private static bool Elements(ReadOnlySpan<byte> b, ref int at, int type, ulong count, int depth, Shape? elements)
    {
        // Every element takes at least one byte, so a count beyond the bytes left is damage, not data.
        if (count > (ulong)(b.Length - at))
        {
            return false;
        }

        for (ulong i = 0; i < count; i++)
        {
            if (!Value(b, ref at, type, depth + 1, elements is null ? null : new Field(12, Struct: elements)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool VarInt(ReadOnlySpan<byte> b, ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (at >= b.Length)
            {
                return false;
            }

            var next = b[at++];
            value |= (ulong)(next & 0x7f) << shift;
            if ((next & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
