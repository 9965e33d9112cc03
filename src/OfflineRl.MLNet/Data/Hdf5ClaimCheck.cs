namespace OfflineRl.MLNet.Data;

/// <summary>
/// Checks the length claims of one object-header message against the bytes the message has, for the messages whose
/// PureHDF 2.2.0 decoder allocates a claimed length before reading it (<c>ReadBytes(count)</c> is <c>new byte[count]</c>):
/// a tiny file could otherwise make it allocate gigabytes. Link messages are checked where
/// <see cref="Hdf5LinkScanner"/> reads them.
/// </summary>
internal static class Hdf5ClaimCheck
{
    /// <summary>Checks the message of <paramref name="type"/> with <paramref name="body"/> in the header at <paramref name="header"/> of <paramref name="path"/>.</summary>
    public static void Message(Hdf5LinkScanner s, ulong header, string path, int type, byte[] body)
    {
        var name = type switch
        {
            0x03 => "the datatype message",
            0x04 => "the old fill value message",
            0x05 => "the fill value message",
            0x08 => "the data layout message",
            0x0C => "an attribute message",
            _ => null,
        };
        if (name is null)
        {
            return;
        }

        var c = new Hdf5LinkScanner.Cursor(s, body, 0, path, name);
        switch (type)
        {
            case 0x03:
                Datatype(s, c, path, 0);
                break;
            case 0x04:
                s.Claim(c, c.UInt32(), path, "the old fill value message's value");
                break;
            case 0x05:
                FillValue(s, c, path);
                break;
            case 0x08:
                Layout(s, c, path);
                break;
            case 0x0C:
                Attribute(s, header, c, path);
                break;
        }
    }

    private static void FillValue(Hdf5LinkScanner s, Hdf5LinkScanner.Cursor c, string path)
    {
        // Mirrors FillValueMessage.Decode: versions 1–2 read the size only when "defined" is 1, version 3 when flag bit 5 is set.
        var version = c.Byte();
        var defined = version switch
        {
            1 or 2 => c.Take(3)[2] == 1,
            3 => (c.Byte() & 0x30) == 0x20,
            _ => false, // PureHDF refuses other versions before allocating
        };
        if (defined)
        {
            s.Claim(c, c.UInt32(), path, $"the fill value message (version {version})'s value");
        }
    }

    private static void Layout(Hdf5LinkScanner s, Hdf5LinkScanner.Cursor c, string path)
    {
        var version = c.Byte();
        if (version is 1 or 2)
        {
            // Mirrors DataLayoutMessage12.Decode: rank, class, 5 reserved, an address unless compact, rank 4-byte sizes.
            var rank = c.Byte();
            var layoutClass = c.Byte();
            if (layoutClass == 0)
            {
                c.Skip(5 + (4 * rank));
                s.Claim(c, c.UInt32(), path, $"the compact data of the data layout message (version {version})");
            }
        }
        else if (version is 3 or 4 && c.Byte() == 0)
        {
            s.Claim(c, c.UInt16(), path, $"the compact data of the data layout message (version {version})");
        }
    }

    private static void Attribute(Hdf5LinkScanner s, ulong header, Hdf5LinkScanner.Cursor c, string path)
    {
        // Mirrors AttributeMessage.Decode, which reads on from the name's NUL and decodes datatype and dataspace where
        // they start, not where the size fields say (it uses those only to pad version 1), then reads
        // elements × datatype size bytes of data. A shared datatype or dataspace is decoded from the header it refers to.
        var version = c.Byte();
        var flags = c.Byte();
        flags = version == 1 ? (byte)0 : flags;
        c.Skip(2);
        var datatypeSize = c.UInt16();
        var dataspaceSize = c.UInt16();
        c.Skip(version == 3 ? 1 : 0);
        SkipName(c, pad: version == 1);
        uint? elementSize = (flags & 0x01) != 0
            ? Shared(s, header, c, path, 0x03, d => { d.Skip(4); return (uint?)d.UInt32(); })
            : Datatype(s, c, path, 0);
        c.Skip(version == 1 ? Padded(datatypeSize, 1) - datatypeSize : 0);
        ulong? elements = (flags & 0x02) != 0
            ? Shared(s, header, c, path, 0x01, d => Elements(s, d))
            : Elements(s, c);
        c.Skip(version == 1 ? Padded(dataspaceSize, 1) - dataspaceSize : 0);
        if (elementSize is not { } size || elements is not { } count)
        {
            return; // PureHDF refuses the shared reference itself
        }

        // Saturates: any product past the message's bytes is refused alike.
        var bytes = size != 0 && count > ulong.MaxValue / size ? ulong.MaxValue : count * size;
        s.Claim(c, bytes, path, $"an attribute's data ({count} elements of {size} bytes)");
    }

    /// <summary>The first message of <paramref name="type"/> in the header a shared reference leads to, read by <paramref name="read"/>.</summary>
    private static T? Shared<T>(Hdf5LinkScanner s, ulong header, Hdf5LinkScanner.Cursor c, string path, int type, Func<Hdf5LinkScanner.Cursor, T?> read)
        where T : struct
    {
        var messages = s.FollowShared(header, c, path);
        var index = messages?.FindIndex(m => m.Type == type) ?? -1;
        return index < 0 ? null : read(new Hdf5LinkScanner.Cursor(s, messages![index].Body, 0, path, "a shared message"));
    }

    /// <summary>A dataspace's element count as DataspaceMessage.Decode and GetTotalElementCount give it (saturating).</summary>
    private static ulong? Elements(Hdf5LinkScanner s, Hdf5LinkScanner.Cursor c)
    {
        var version = c.Byte();
        var rank = c.Byte();
        var flags = c.Byte();
        int kind; // 0 scalar, 1 simple, 2 null
        if (version == 1)
        {
            kind = rank > 0 ? 1 : 0;
            c.Skip(5);
        }
        else
        {
            kind = c.Byte();
        }

        var elements = 1UL;
        for (var i = 0; i < rank; i++)
        {
            var dimension = c.UInt(s.LengthSize);
            elements = dimension != 0 && elements > ulong.MaxValue / dimension ? ulong.MaxValue : elements * dimension;
        }

        c.Skip((((flags & 0x01) != 0 ? 1 : 0) + ((flags & 0x02) != 0 ? 1 : 0)) * rank * s.LengthSize);
        return kind switch
        {
            0 => 1,
            1 => elements,
            2 => 0,
            _ => null, // PureHDF refuses other types before reading data
        };
    }

    /// <summary>
    /// Walks a datatype as DatatypeMessage.Decode does (compound members, array, variable-length and enumeration base
    /// types): an enumeration's values are read as members × type size bytes, each value allocated first. Returns the
    /// datatype's size.
    /// </summary>
    private static uint Datatype(Hdf5LinkScanner s, Hdf5LinkScanner.Cursor c, string path, int depth)
    {
        s.Spend();
        if (depth > Hdf5LinkScanner.MaxDepth)
        {
            throw s.RefuseClaim(path, $"a datatype nests deeper than {Hdf5LinkScanner.MaxDepth} levels");
        }

        var classVersion = c.Byte();
        var version = classVersion >> 4;
        var bits = c.Take(3);
        var size = c.UInt32();
        var members = bits[0] | (bits[1] << 8);
        switch (classVersion & 0x0F)
        {
            case 0 or 4:
                c.Skip(4); // bit offset and precision
                break;
            case 1:
                c.Skip(12);
                break;
            case 2:
                c.Skip(2);
                break;
            case 5:
                c.Skip(bits[0]); // the opaque tag
                break;
            case 6:
                for (var i = 0; i < members; i++)
                {
                    SkipName(c, pad: version <= 2);
                    // Version 1: offset, dimensionality, reserved, permutation, reserved, four dimensions; 2: offset.
                    c.Skip(version == 1 ? 32 : version == 2 ? 4 : MinBytes(size));
                    Datatype(s, c, path, depth + 1);
                }

                break;
            case 8:
                Datatype(s, c, path, depth + 1);
                for (var i = 0; i < members; i++)
                {
                    SkipName(c, pad: version <= 2);
                }

                c.Skip(s.Claim(c, (ulong)members * size, path, $"an enumeration datatype's values ({members} of {size} bytes)"));
                break;
            case 9:
                Datatype(s, c, path, depth + 1);
                break;
            case 10:
                var rank = c.Byte();
                c.Skip(version == 2 ? 3 + (8 * rank) : 4 * rank);
                Datatype(s, c, path, depth + 1);
                break;
        }

        return size;
    }

    /// <summary>A NUL-terminated name, padded (from its first byte, NUL included) to 8 bytes when asked.</summary>
    private static void SkipName(Hdf5LinkScanner.Cursor c, bool pad)
    {
        var length = 1;
        while (c.Byte() != 0)
        {
            length++;
        }

        c.Skip(pad ? (8 - (length % 8)) % 8 : 0);
    }

    /// <summary>Bytes needed for <paramref name="value"/>, as PureHDF's MathUtils.FindMinByteCount.</summary>
    private static int MinBytes(uint value)
    {
        var count = 1;
        while (count < 4 && value >> (8 * count) != 0)
        {
            count++;
        }

        return count;
    }

    /// <summary>Version 1 attribute messages pad name, datatype and dataspace to 8 bytes.</summary>
    private static int Padded(int size, int version) => version == 1 ? (size + 7) / 8 * 8 : size;
}
