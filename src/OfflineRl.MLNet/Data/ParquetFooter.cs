namespace OfflineRl.MLNet.Data;

/// <summary>
/// Checks a Parquet file's footer (its metadata, Thrift compact protocol) before Parquet.Net 6.1.0 decodes it, by walking
/// the bytes the way that decoder will: every struct it decodes has its known fields below, each must carry the wire type
/// the decoder reads it as, lists, byte strings and structs must fit in the bytes that remain, and a field it does not
/// know must be one its skipper can step over. Otherwise Parquet.Net reads past the end of the footer without end (it
/// reads end-of-stream as 0xFF bytes) — found by fuzzing; here such footers are refused in time linear in their length.
/// </summary>
/// <remarks>
/// Wire format: https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md; field ids and types:
/// parquet.thrift as Parquet.Net 6.1.0 compiled it (its <c>Meta/Parquet.cs</c>). Its skipper steps over a struct by
/// reading field headers only, not their values, so a skipped struct is safe only when it is empty.
/// </remarks>
internal static class ParquetFooter
{
    private const int MaxDepth = 64;

    // Compact-protocol types: 1/2 bool, 3 byte, 4 i16, 5 i32, 6 i64, 7 double, 8 binary/string, 9 list, 10 set, 11 map, 12 struct.
    private const int Bool = 1, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8, List = 9, Struct12 = 12;

    private static readonly Shape Empty = [];

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

    private static readonly Shape TimeUnit = new() { [1] = Of(Empty), [2] = Of(Empty), [3] = Of(Empty) };

    private static readonly Shape LogicalType = new()
    {
        [1] = Of(Empty),
        [2] = Of(Empty),
        [3] = Of(Empty),
        [4] = Of(Empty),
        [5] = Of(new() { [1] = new(I32), [2] = new(I32) }),
        [6] = Of(Empty),
        [7] = Of(new() { [1] = new(Bool), [2] = Of(TimeUnit) }),
        [8] = Of(new() { [1] = new(Bool), [2] = Of(TimeUnit) }),
        [10] = Of(new() { [1] = new(Byte), [2] = new(Bool) }),
        [11] = Of(Empty),
        [12] = Of(Empty),
        [13] = Of(Empty),
        [14] = Of(Empty),
        [15] = Of(Empty),
        [16] = Of(new() { [1] = new(Byte) }),
        [17] = Of(new() { [1] = new(Binary) }),
        [18] = Of(new() { [1] = new(Binary), [2] = new(I32) }),
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
        [10] = Of(LogicalType),
    };

    private static readonly Shape BoundingBox = new()
    {
        [1] = new(Double),
        [2] = new(Double),
        [3] = new(Double),
        [4] = new(Double),
        [5] = new(Double),
        [6] = new(Double),
        [7] = new(Double),
        [8] = new(Double),
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
        [8] = ListOf(KeyValue),
        [9] = new(I64),
        [10] = new(I64),
        [11] = new(I64),
        [12] = Of(Statistics),
        [13] = ListOf(new() { [1] = new(I32), [2] = new(I32), [3] = new(I32) }),
        [14] = new(I64),
        [15] = new(I32),
        [16] = Of(new() { [1] = new(I64), [2] = new(List, I64), [3] = new(List, I64) }),
        [17] = Of(new() { [1] = Of(BoundingBox), [2] = new(List, I32) }),
    };

    private static readonly Shape ColumnChunk = new()
    {
        [1] = new(Binary),
        [2] = new(I64),
        [3] = Of(ColumnMetaData),
        [4] = new(I64),
        [5] = new(I32),
        [6] = new(I64),
        [7] = new(I32),
        [8] = Of(new() { [1] = Of(Empty), [2] = Of(new() { [1] = new(List, Binary), [2] = new(Binary) }) }),
        [9] = new(Binary),
    };

    private static readonly Shape RowGroup = new()
    {
        [1] = ListOf(ColumnChunk),
        [2] = new(I64),
        [3] = new(I64),
        [4] = ListOf(new() { [1] = new(I32), [2] = new(Bool), [3] = new(Bool) }),
        [5] = new(I64),
        [6] = new(I64),
        [7] = new(I16),
    };

    private static readonly Shape AesGcm = new() { [1] = new(Binary), [2] = new(Binary), [3] = new(Bool) };

    private static readonly Shape FileMetaData = new()
    {
        [1] = new(I32),
        [2] = ListOf(SchemaElement),
        [3] = new(I64),
        [4] = ListOf(RowGroup),
        [5] = ListOf(KeyValue),
        [6] = new(Binary),
        [7] = ListOf(new() { [1] = Of(Empty) }),
        [8] = Of(new() { [1] = Of(AesGcm), [2] = Of(AesGcm) }),
        [9] = new(Binary),
    };

    // PageHeader and its headers, the i32s a page check needs in the slots of PageSlot.
    private static readonly Shape PageHeaderShape = new()
    {
        [1] = new(I32, Slot: (int)PageSlot.Type),
        [2] = new(I32, Slot: (int)PageSlot.UncompressedSize),
        [3] = new(I32, Slot: (int)PageSlot.CompressedSize),
        [4] = new(I32),
        [5] = Of(new() { [1] = new(I32, Slot: (int)PageSlot.DataValues), [2] = new(I32), [3] = new(I32), [4] = new(I32), [5] = Of(Statistics) }),
        [6] = Of(Empty),
        [7] = Of(new() { [1] = new(I32), [2] = new(I32), [3] = new(Bool) }),
        [8] = Of(new()
        {
            [1] = new(I32, Slot: (int)PageSlot.DataValuesV2),
            [2] = new(I32),
            [3] = new(I32),
            [4] = new(I32),
            [5] = new(I32, Slot: (int)PageSlot.DefinitionLevelsLength),
            [6] = new(I32, Slot: (int)PageSlot.RepetitionLevelsLength),
            [7] = new(Bool),
            [8] = Of(Statistics),
        }),
    };

    /// <summary>The values <see cref="PageHeader"/> keeps, by index.</summary>
    internal enum PageSlot
    {
        Type,
        UncompressedSize,
        CompressedSize,
        DataValues,
        DataValuesV2,
        DefinitionLevelsLength,
        RepetitionLevelsLength,
        Count,
    }

    /// <summary>A struct's known fields by id.</summary>
    private sealed class Shape : Dictionary<int, Field>;

    /// <summary>A field's compact type; for a list, its element type; for a struct or a list of structs, their fields;
    /// an i32 with a <paramref name="Slot"/> is kept there when <see cref="PageHeader"/> reads it.</summary>
    private sealed record Field(int Type, int? Element = null, Shape? Struct = null, int Slot = -1);

    private static Field Of(Shape shape) => new(Struct12, Struct: shape);

    private static Field ListOf(Shape shape) => new(List, Struct12, shape);

    /// <summary>
    /// Reads the footer of the <paramref name="length"/>-byte file in <paramref name="stream"/> and checks it; the stream is
    /// left where it was. Returns where the footer begins (the end of the pages), as a position in the stream.
    /// </summary>
    /// <exception cref="DatasetValidationException">When the footer's length or structure is damaged.</exception>
    public static long Check(Stream stream, long length, string source)
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

        return start + length - 8 - footerLength;
    }

    /// <summary>
    /// Walks one page header (Thrift compact) at <paramref name="at"/> as Parquet.Net decodes it, keeping its sizes and value
    /// counts in <paramref name="slots"/> (indexed by <see cref="PageSlot"/>; fields absent stay as given). False when the
    /// header is damaged or runs past <paramref name="b"/>.
    /// </summary>
    internal static bool PageHeader(ReadOnlySpan<byte> b, ref int at, long[] slots) => Struct(b, ref at, 0, PageHeaderShape, slots);

    private static bool Struct(ReadOnlySpan<byte> b, ref int at, int depth, Shape shape, long[]? slots = null)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        short lastId = 0;
        while (at < b.Length)
        {
            // Only a zero byte ends a struct; a header with type 0 and a nonzero delta is a field the decoder cannot read.
            var header = b[at++];
            if (header == 0)
            {
                return true;
            }

            var type = header & 0x0f;
            short id;
            if ((header >> 4) == 0)
            {
                // An explicit id is a zigzag i16: three varint bytes at most.
                var idStart = at;
                if (!VarInt(b, ref at, out var zigzag) || at - idStart > 3)
                {
                    return false;
                }

                id = (short)((int)(zigzag >> 1) ^ -(int)(zigzag & 1));
            }
            else
            {
                id = (short)(lastId + (header >> 4));
            }

            lastId = id;
            if (!shape.TryGetValue(id, out var known))
            {
                if (!Skip(b, ref at, type))
                {
                    return false;
                }

                continue;
            }

            // Parquet.Net decodes a field it knows by the type its schema says, whatever the wire says: a field whose wire
            // type differs would send it out of step with the bytes, so it is refused here.
            if ((type == 2 ? Bool : type) != known.Type)
            {
                return false;
            }

            if (known.Slot >= 0 && slots is not null)
            {
                if (!VarInt(b, ref at, out var zigzag))
                {
                    return false;
                }

                slots[known.Slot] = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
            }
            else if (known.Type != Bool && !Known(b, ref at, known, depth, slots))
            {
                return false;
            }
        }

        return false;
    }

    // A known field's value as Parquet.Net reads it (a bool's value is in its header).
    private static bool Known(ReadOnlySpan<byte> b, ref int at, Field field, int depth, long[]? slots = null)
    {
        switch (field.Type)
        {
            case Struct12:
                return Struct(b, ref at, depth + 1, field.Struct!, slots);
            case List:
                // The decoder ignores the list's element type and reads each element as its schema says.
                if (!ListHeader(b, ref at, out var count, out var element) || (count > 0 && element != field.Element))
                {
                    return false;
                }

                var item = field.Struct is { } shape ? Of(shape) : new Field(field.Element!.Value);
                for (ulong i = 0; i < count; i++)
                {
                    if (!Known(b, ref at, item, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            case Bool:
                return ++at <= b.Length; // a list's bool is a byte; a field's is in its header and never reaches here
            default:
                return Scalar(b, ref at, field.Type);
        }
    }

    // An unknown field as Parquet.Net's skipper steps over it: scalars and lists of them as the wire says, a struct only
    // when it is empty (the skipper reads its field headers, not their values), a set or map never (the skipper throws).
    private static bool Skip(ReadOnlySpan<byte> b, ref int at, int type)
    {
        switch (type)
        {
            case 1 or 2:
                return true;
            case Struct12:
                return at < b.Length && b[at++] == 0;
            case List:
                if (!ListHeader(b, ref at, out var count, out var element))
                {
                    return false;
                }

                for (ulong i = 0; i < count; i++)
                {
                    if (!Skip(b, ref at, element))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return Scalar(b, ref at, type);
        }
    }

    private static bool Scalar(ReadOnlySpan<byte> b, ref int at, int type)
    {
        switch (type)
        {
            case Byte:
                return ++at <= b.Length;
            case I16 or I32 or I64:
                return VarInt(b, ref at, out _);
            case Double:
                at += 8;
                return at <= b.Length;
            case Binary:
                if (!VarInt(b, ref at, out var size) || size > (ulong)(b.Length - at))
                {
                    return false;
                }

                at += (int)size;
                return true;
            default:
                return false;
        }
    }

    private static bool ListHeader(ReadOnlySpan<byte> b, ref int at, out ulong count, out int element)
    {
        count = 0;
        element = 0;
        if (at >= b.Length)
        {
            return false;
        }

        var header = b[at++];
        element = header & 0x0f;
        count = (ulong)(header >> 4);
        if (count == 15 && !VarInt(b, ref at, out count))
        {
            return false;
        }

        // Every element takes at least one byte on the wire, so a count beyond the bytes left is damage, not data.
        return count <= (ulong)(b.Length - at);
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
