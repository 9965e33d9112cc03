namespace OfflineRl.MLNet.Data;

/// <summary>
/// Checks a Parquet file's footer (its metadata, Thrift compact protocol) for structure before Parquet.Net decodes it:
/// every list, map and byte string must fit in the bytes that remain, every struct must end, nesting stays shallow.
/// A damaged footer whose list claims two billion entries otherwise kept Parquet.Net's decoder reading past the end for
/// minutes (found by fuzzing); here it is refused in time linear in the footer's length.
/// </summary>
/// <remarks>Wire format: https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md</remarks>
internal static class ParquetFooter
{
    private const int MaxDepth = 64;

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
        if (!Struct(footer, ref at, 0))
        {
            throw new DatasetValidationException(source, [$"not a readable Parquet file: its metadata (footer) is damaged near byte {at} of {footerLength}"]);
        }
    }

    private static bool Struct(ReadOnlySpan<byte> b, ref int at, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        while (at < b.Length)
        {
            var header = b[at++];
            var type = header & 0x0f;
            if (type == 0)
            {
                return true;
            }

            if ((header >> 4) == 0 && !VarInt(b, ref at, out _))
            {
                return false;
            }

            if (type is 1 or 2)
            {
                continue;
            }

            if (!Value(b, ref at, type, depth))
            {
                return false;
            }
        }

        return false;
    }

    private static bool Value(ReadOnlySpan<byte> b, ref int at, int type, int depth)
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

                return Elements(b, ref at, list & 0x0f, count, depth);
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
                return Struct(b, ref at, depth + 1);
            default:
                return false;
        }
    }

    private static bool Elements(ReadOnlySpan<byte> b, ref int at, int type, ulong count, int depth)
    {
        // Every element takes at least one byte, so a count beyond the bytes left is damage, not data.
        if (count > (ulong)(b.Length - at))
        {
            return false;
        }

        for (ulong i = 0; i < count; i++)
        {
            if (!Value(b, ref at, type, depth + 1))
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
