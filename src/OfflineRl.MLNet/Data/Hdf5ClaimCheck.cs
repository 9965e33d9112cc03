namespace OfflineRl.MLNet.Data;

/// <summary>
/// Checks the length claims of one object-header message against the bytes the message has, for the messages whose
/// PureHDF 2.2.0 decoder allocates a claimed length before reading it (<c>ReadBytes(count)</c> is <c>new byte[count]</c>):
/// a tiny file could otherwise make it allocate gigabytes. Link messages are checked where
/// <see cref="Hdf5LinkScanner"/> reads them.
/// </summary>
internal static class Hdf5ClaimCheck
{
    /// <summary>Checks the message of <paramref name="type"/> with <paramref name="body"/> in the header of <paramref name="path"/>.</summary>
    public static void Message(Hdf5LinkScanner s, string path, int type, byte[] body)
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
                Attribute(s, c, path);
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

    private static void Attribute(Hdf5LinkScanner s, Hdf5LinkScanner.Cursor c, string path)
    {
        // Mirrors AttributeMessage.Decode: PureHDF reads (elements × datatype size) bytes of data after name, datatype
        // and dataspace. Shared datatypes or dataspaces live elsewhere, so their sizes are not known here.
        var version = c.Byte();
        var flags = c.Byte();
        if (version is < 1 or > 3 || (version > 1 && (flags & 0x03) != 0))
        {
            return;
        }

        var nameSize = c.UInt16();
        var datatypeSize = c.UInt16();
        var dataspaceSize = c.UInt16();
        c.Skip((version == 3 ? 1 : 0) + Padded(nameSize, version));
        var datatypeBytes = c.Take(s.Claim(c, (ulong)Padded(datatypeSize, version), path, "an attribute's datatype"));
        Datatype(s, new Hdf5LinkScanner.Cursor(s, datatypeBytes, 0, path, "an attribute's datatype"), path, 0);
        var datatype = new Hdf5LinkScanner.Cursor(s, datatypeBytes, 0, path, "an attribute's datatype");
        var dataspace = new Hdf5LinkScanner.Cursor(s, c.Take(s.Claim(c, (ulong)Padded(dataspaceSize, version), path, "an attribute's dataspace")), 0, path, "an attribute's dataspace");
        datatype.Skip(4);
        var elementSize = datatype.UInt32();
        var spaceVersion = dataspace.Byte();
        var rank = dataspace.Byte();
        dataspace.Skip(1);
        // Version 1 has 5 reserved bytes and no null dataspace; version 2 gives the type (2: null, no elements).
        var isNull = spaceVersion == 1 ? SkipReserved(dataspace) : dataspace.Byte() == 2;
        ulong elements = isNull ? 0UL : 1UL;
        for (var i = 0; i < rank && !isNull; i++)
        {
            // Saturates: any product past the message's bytes is refused alike.
            var dimension = dataspace.UInt(s.LengthSize);
            elements = dimension != 0 && elements > ulong.MaxValue / dimension ? ulong.MaxValue : elements * dimension;
        }

        var bytes = elementSize != 0 && elements > ulong.MaxValue / elementSize ? ulong.MaxValue : elements * elementSize;
        s.Claim(c, bytes, path, $"an attribute's data ({elements} elements of {elementSize} bytes)");
    }

    private static bool SkipReserved(Hdf5LinkScanner.Cursor c)
    {
        c.Skip(5);
        return false;
    }

    /// <summary>
    /// Walks a datatype as DatatypeMessage.Decode does (compound members, array, variable-length and enumeration base
    /// types): an enumeration's values are read as members × type size bytes, each value allocated first.
    /// </summary>
    private static void Datatype(Hdf5LinkScanner s, Hdf5LinkScanner.Cursor c, string path, int depth)
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
