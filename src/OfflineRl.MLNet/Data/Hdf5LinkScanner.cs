using System.Buffers.Binary;
using System.Text;

namespace OfflineRl.MLNet.Data;

/// <summary>
/// Lists an HDF5 file's soft, external and user-defined links by reading its group structure directly, before PureHDF
/// resolves any path: PureHDF 2.2.0 follows a soft link that resolves to itself without end and the process dies of a
/// stack overflow, which no handler can catch, and it offers no public way to list a group's links unresolved. On the
/// way it checks the length claims of every object header it reaches, since PureHDF allocates a claimed length before
/// reading it (a 1 KB file could make it allocate gigabytes).
/// </summary>
/// <remarks>
/// <para>
/// Length claims checked, in the header of every object reachable by hard links (groups and datasets, each address
/// once): each message within its block and a version 1 header block holding whole messages only (PureHDF reads a
/// message while any byte is left); the old (0x0004) and new (0x0005) fill value message's value size; the data
/// layout message's compact data size (versions 1–2: a 4-byte size; 3–4: a 2-byte one); an attribute message's name,
/// datatype and dataspace sizes and its data (elements × element size), unless its datatype or dataspace is shared;
/// every datatype (a dataset's or an attribute's, nested ones too), whose enumerations' values (members × type size)
/// are read and allocated one by one; and a link message's name length and soft or external link value length, in
/// headers and in dense storage. Each must fit in the bytes its message has left, else the file is refused naming the
/// object, the message and both sizes. Shared messages (only a reference here) are not checked. Not checked, as
/// PureHDF reads them only with the data (chunk indexes, global heap objects) or their claims are at most 64 KB:
/// filter names and client data, external file lists, driver info, opaque tags.
/// </para>
/// <para>
/// Covered: superblocks v0–v3; old-style groups (symbol table message or the root entry's cached B-tree and heap →
/// v1 B-tree → symbol table nodes → entries, cache type 2 being a soft link); new-style groups (link messages in v1 and
/// v2 object headers, continuation blocks included, and dense storage: the link info message's v2 B-tree name index
/// → managed objects of the fractal heap, through direct and nested indirect blocks). Every group reachable through hard
/// links is visited once (an object reached again by another hard link is not rescanned, so hard-link loops end). Only
/// group structure is read — object headers, B-tree nodes, heaps — never a dataset's data, so the scan's cost does not
/// grow with the data.
/// </para>
/// <para>
/// Refused with a <see cref="DatasetValidationException"/>, never guessed: any address or size reaching beyond the end
/// of the file, bad signatures, unknown link types, filtered link heaps and tiny or huge heap objects (HDF5 never
/// stores link messages so), group nesting deeper than <see cref="MaxDepth"/> and more structures than a budget set by
/// the file's length. Checksums are not verified (PureHDF does not either).
/// </para>
/// </remarks>
internal sealed class Hdf5LinkScanner
{
    /// <summary>Deepest group nesting (and v1/v2 B-tree or fractal-heap nesting) followed.</summary>
    public const int MaxDepth = 64;

    private static readonly ulong[] NoEntries = [];

    private readonly Stream _stream;
    private readonly string _source;
    private readonly long _origin;
    private readonly long _end;
    private readonly long _budget;
    private int _offsetSize = 8;

    // Object headers a shared-message reference is being followed through, outermost first.
    private readonly HashSet<ulong> _sharedChain = [];

    private const int MaxSharedChain = 8;
    private int _lengthSize = 8;

    internal int OffsetSize => _offsetSize;

    internal int LengthSize => _lengthSize;
    private long _work;
    private long _base;

    private Hdf5LinkScanner(Stream stream, long start, string source)
    {
        _stream = stream;
        _source = source;
        _origin = start;
        _end = stream.Length;
        // Each unit is one structure or one link; real files need a handful per group and one per link.
        _budget = 100_000 + ((_end - start) / 8);
    }

    /// <summary>A link that is not a hard link: its full path, its kind and what it points to.</summary>
    public sealed record SymbolicLink(string Path, string Kind, string Target);

    /// <summary>
    /// Scans the HDF5 bytes of <paramref name="stream"/> from <paramref name="start"/> (where the signature is) and
    /// returns every link that is not a hard link; <paramref name="source"/> names the file in refusals.
    /// </summary>
    public static List<SymbolicLink> Scan(Stream stream, long start, string source) => new Hdf5LinkScanner(stream, start, source).Run();

    /// <summary>
    /// Refuses the file when <see cref="Scan"/> finds any link but a hard one. The layouts read here — D4RL's, Minari's
    /// and d3rlpy's, all written by h5py — hold only hard links, so a soft, external or user-defined link is refused
    /// wherever it is, even one that would resolve: PureHDF resolves every link of a group it lists, and following a
    /// soft link is only safe when it provably ends, which a refusal need not prove.
    /// </summary>
    public static void RefuseSymbolicLinks(Stream stream, long start, string source)
    {
        var links = Scan(stream, start, source);
        if (links.Count == 0)
        {
            return;
        }

        var soft = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var link in links.Where(l => l.Kind == "soft"))
        {
            soft.TryAdd(link.Path, Absolute(link.Path, link.Target)); // a damaged group may repeat a name
        }

        var errors = new List<string>();
        foreach (var link in links.Take(10))
        {
            var what = link.Kind switch
            {
                "soft" => SoftLinkText(link, soft),
                "external" => $"an external link to '{link.Target}' (file:object), which points outside this file",
                _ => $"a user-defined link ({link.Target})",
            };
            errors.Add($"'{link.Path}' is {what}; only hard links are read (D4RL, Minari and d3rlpy files hold no others): " +
                       "store the data itself under that name or delete the link (h5py: del f[name], then f[name] = f[target] makes a hard link)");
        }

        if (links.Count > 10)
        {
            errors.Add($"… and {links.Count - 10} more links that are not hard links");
        }

        throw new DatasetValidationException(source, errors);
    }

    /// <summary>Describes a soft link, naming the cycle when following soft links leads back to one already passed.</summary>
    private static string SoftLinkText(SymbolicLink link, Dictionary<string, string> soft)
    {
        var chain = new List<string> { link.Path };
        var at = soft[link.Path];
        // HDF5's default limit on nested soft links is 16; a longer chain is reported as a plain link.
        while (chain.Count <= 16 && soft.TryGetValue(at, out var next))
        {
            if (chain.Contains(at, StringComparer.Ordinal))
            {
                chain.Add(at);
                return chain.Count == 2
                    ? $"a soft link to itself ('{link.Target}'), which would be followed without end"
                    : $"a soft link in a cycle ({string.Join(" → ", chain)}), which would be followed without end";
            }

            chain.Add(at);
            at = next;
        }

        var absolute = soft[link.Path];
        return absolute == link.Target ? $"a soft link to '{absolute}'" : $"a soft link to '{link.Target}' ({absolute})";
    }

    /// <summary>A soft link's target as an absolute path: relative targets start at the link's own group.</summary>
    private static string Absolute(string linkPath, string target)
    {
        var parts = new List<string>();
        var full = target.StartsWith('/') ? target : $"{linkPath[..linkPath.LastIndexOf('/')]}/{target}";
        foreach (var part in full.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return "/" + string.Join('/', parts);
    }

    private List<SymbolicLink> Run()
    {
        var (root, cachedTable) = Superblock();
        var found = new List<SymbolicLink>();
        var visited = new HashSet<ulong> { root };
        var pending = new Queue<(string Path, List<(int Type, byte[] Body)> Messages, (ulong BTree, ulong Heap)? Table, int Depth)>();
        pending.Enqueue(("", Messages(root, "/"), cachedTable, 0));
        while (pending.Count > 0)
        {
            var (path, messages, table, depth) = pending.Dequeue();
            if (depth > MaxDepth)
            {
                throw Refuse($"groups are nested deeper than {MaxDepth} levels at '{path}'");
            }

            var links = table is { } t ? OldStyleLinks(t.BTree, t.Heap) : GroupLinks(messages, path);
            foreach (var link in links)
            {
                var linkPath = $"{path}/{link.Name}";
                if (link.Kind is not null)
                {
                    found.Add(new SymbolicLink(linkPath, link.Kind, link.Target!));
                    continue;
                }

                if (!visited.Add(link.Address))
                {
                    continue;
                }

                // Datasets too: PureHDF decodes every message of a header it opens, a dataset's as well as a group's.
                var childMessages = Messages(link.Address, linkPath);
                if (link.Table is not null)
                {
                    pending.Enqueue((linkPath, childMessages, link.Table, depth + 1));
                }
                else if (IsGroup(childMessages, out var childTable))
                {
                    pending.Enqueue((linkPath, childMessages, childTable, depth + 1));
                }
            }
        }

        return found;
    }

    /// <summary>A link read from a group: a hard link (Kind null) to Address, or a symbolic one to Target.</summary>
    private sealed record Link(string Name, ulong Address, (ulong BTree, ulong Heap)? Table, string? Kind, string? Target);

    private (ulong Root, (ulong, ulong)? Table) Superblock()
    {
        var head = Read(0, 16, absolute: true);
        var version = head[8];
        if (version <= 1)
        {
            (_offsetSize, _lengthSize) = (Size(head[13], "offsets"), Size(head[14], "lengths"));
            var fixedPart = version == 0 ? 24 : 28;
            var c = new Cursor(this, Read(0, fixedPart + (4 * _offsetSize) + (2 * _offsetSize) + 24, absolute: true), fixedPart);
            var baseAddress = c.Offset();
            c.Skip(3 * _offsetSize);
            SetBase(baseAddress);
            c.Offset(); // the root entry's name offset
            var header = c.Offset();
            var cacheType = c.UInt32();
            c.Skip(4);
            return cacheType == 1 ? (header, (c.Offset(), c.Offset())) : (header, null);
        }

        if (version is 2 or 3)
        {
            (_offsetSize, _lengthSize) = (Size(head[9], "offsets"), Size(head[10], "lengths"));
            var c = new Cursor(this, Read(0, 12 + (4 * _offsetSize), absolute: true), 12);
            SetBase(c.Offset());
            c.Skip(2 * _offsetSize);
            return (c.Offset(), null);
        }

        throw Refuse($"superblock version {version} is not known");
    }

    private void SetBase(ulong baseAddress)
    {
        // Addresses count from the base address, which is where the superblock is unless a user block precedes it.
        if (baseAddress > (ulong)(_end - _origin))
        {
            throw Refuse($"the base address {baseAddress} lies beyond the end of the file");
        }

        _base = _origin + (long)baseAddress;
    }

    private int Size(byte size, string what) =>
        size is 2 or 4 or 8 ? size : throw Refuse($"the superblock gives size of {what} {size}; HDF5 uses 2, 4 or 8");

    // ---- old-style groups: local heap for names, v1 B-tree of symbol table nodes ----

    private List<Link> OldStyleLinks(ulong btree, ulong heapAddress)
    {
        var heap = LocalHeap(heapAddress);
        var links = new List<Link>();
        var nodes = new Stack<(ulong Address, int Level)>();
        var seen = new HashSet<ulong>();
        nodes.Push((btree, -1));
        while (nodes.Count > 0)
        {
            var (address, expected) = nodes.Pop();
            if (!seen.Add(address))
            {
                throw Refuse($"the group B-tree at {address} is reached twice (a loop)");
            }

            var c = new Cursor(this, Read(address, 8 + (2 * _offsetSize)), 0);
            c.Signature("TREE");
            var type = c.Byte();
            var level = c.Byte();
            var entries = c.UInt16();
            if (type != 0 || (expected >= 0 && level != expected) || level > MaxDepth)
            {
                throw Refuse($"the group B-tree node at {address} has type {type}, level {level}; a group node of the expected level was expected");
            }

            var body = new Cursor(this, Read(address + 8 + (2 * (ulong)_offsetSize), (entries * (_lengthSize + _offsetSize)) + _lengthSize), 0);
            for (var i = 0; i < entries; i++)
            {
                body.Skip(_lengthSize);
                var child = body.Offset();
                if (level > 0)
                {
                    nodes.Push((child, level - 1));
                }
                else
                {
                    SymbolTableNode(child, heap, links);
                }
            }
        }

        return links;
    }

    private byte[] LocalHeap(ulong address)
    {
        var c = new Cursor(this, Read(address, 8 + (2 * _lengthSize) + _offsetSize), 0);
        c.Signature("HEAP");
        c.Skip(4);
        var size = c.Length();
        c.Skip(_lengthSize);
        return Read(c.Offset(), Checked(size, "a local heap"));
    }

    private void SymbolTableNode(ulong address, byte[] heap, List<Link> links)
    {
        var c = new Cursor(this, Read(address, 8), 0);
        c.Signature("SNOD");
        c.Skip(2);
        var count = c.UInt16();
        var entrySize = (2 * _offsetSize) + 24;
        var e = new Cursor(this, Read(address + 8, count * entrySize), 0);
        for (var i = 0; i < count; i++)
        {
            Spend();
            var name = HeapString(heap, e.Offset());
            var header = e.Offset();
            var cacheType = e.UInt32();
            e.Skip(4);
            var scratch = new Cursor(this, e.Take(16), 0);
            links.Add(cacheType switch
            {
                1 => new Link(name, header, (scratch.Offset(), scratch.Offset()), null, null),
                2 => new Link(name, 0, null, "soft", HeapString(heap, scratch.UInt32())),
                _ => new Link(name, header, null, null, null),
            });
        }
    }

    private string HeapString(byte[] heap, ulong offset)
    {
        if (offset >= (ulong)heap.Length)
        {
            throw Refuse($"a link name lies at offset {offset} of a {heap.Length}-byte local heap");
        }

        var span = heap.AsSpan((int)offset);
        var zero = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(zero < 0 ? span : span[..zero]);
    }

    // ---- object headers: which messages a group has ----

    private bool IsGroup(List<(int Type, byte[] Body)> messages, out (ulong BTree, ulong Heap)? table)
    {
        table = null;
        foreach (var (type, body) in messages)
        {
            if (type == 0x11)
            {
                var c = new Cursor(this, body, 0);
                table = (c.Offset(), c.Offset());
                return true;
            }
        }

        return messages.Exists(m => m.Type is 0x02 or 0x06);
    }

    /// <summary>The links of the group whose object header holds <paramref name="messages"/> (none: not a group).</summary>
    private List<Link> GroupLinks(List<(int Type, byte[] Body)> messages, string path)
    {
        var stab = messages.FindIndex(m => m.Type == 0x11);
        if (stab >= 0)
        {
            var c = new Cursor(this, messages[stab].Body, 0);
            return OldStyleLinks(c.Offset(), c.Offset());
        }

        var links = new List<Link>();
        foreach (var (type, body) in messages)
        {
            if (type == 0x06)
            {
                links.Add(LinkMessage(new Cursor(this, body, 0, path, "a link message"), path));
            }
            else if (type == 0x02)
            {
                DenseLinks(new Cursor(this, body, 0), links, path);
            }
        }

        return links;
    }

    /// <summary>
    /// The messages of the object header at <paramref name="address"/>, continuations followed; every message's length
    /// claims are checked on the way, and shared messages followed, as PureHDF decodes them.
    /// </summary>
    private List<(int Type, byte[] Body)> Messages(ulong address, string path)
    {
        var result = new List<(int, byte[])>();
        var chunks = new Queue<(ulong Address, ulong Length)>();
        var version = Read(address, 1)[0];
        bool v2;
        int creationOrder = 0;
        if (version == 1)
        {
            var c = new Cursor(this, Read(address, 16), 8);
            var size = c.UInt32();
            chunks.Enqueue((address + 16, size));
            v2 = false;
        }
        else
        {
            var c = new Cursor(this, Read(address, 6), 0);
            c.Signature("OHDR");
            if (c.Byte() != 2)
            {
                throw Refuse($"the object header at {address} has an unknown version");
            }

            var flags = c.Byte();
            var prefix = 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
            var sizeBytes = 1 << (flags & 3);
            var size = new Cursor(this, Read(address + (ulong)prefix, sizeBytes), 0).UInt(sizeBytes);
            creationOrder = (flags & 0x04) != 0 ? 2 : 0;
            chunks.Enqueue((address + (ulong)prefix + (ulong)sizeBytes, size));
            v2 = true;
        }

        var first = true;
        var seen = new HashSet<ulong>();
        while (chunks.Count > 0)
        {
            Spend();
            var (at, length) = chunks.Dequeue();
            if (!seen.Add(at))
            {
                throw Refuse($"the object header at {address} continues into {at} twice (a loop)");
            }

            var bytes = Read(at, Checked(length, "an object header chunk"));
            var c = new Cursor(this, bytes, 0);
            var end = bytes.Length;
            if (v2 && !first)
            {
                c.Signature("OCHK");
            }

            if (v2)
            {
                end -= first ? 0 : 4; // a continuation block ends with its checksum; chunk 0's size excludes it
            }

            var headerSize = v2 ? 4 + creationOrder : 8;
            while (c.Position + headerSize <= end)
            {
                Spend();
                int type = v2 ? c.Byte() : c.UInt16();
                var size = c.UInt16();
                var messageFlags = c.Byte();
                c.Skip(v2 ? creationOrder : 3);
                if (c.Position + size > end)
                {
                    throw Refuse($"a message of the object header at {address} claims {size} bytes beyond its block");
                }

                var body = c.Take(size);
                if ((messageFlags & 0x02) != 0 && type is 0x01 or 0x03 or 0x04 or 0x05 or 0x0B or 0x0C)
                {
                    // A shared message's body is only a reference to the message held elsewhere. PureHDF honours the
                    // flag on these types only and decodes any other message inline whatever its flags say.
                    FollowShared(address, new Cursor(this, body, 0), path);
                }
                else if (type == 0x06)
                {
                    LinkMessage(new Cursor(this, body, 0, path, "a link message"), path);
                }
                else
                {
                    Hdf5ClaimCheck.Message(this, address, path, type, body);
                }

                if (type == 0x10)
                {
                    var k = new Cursor(this, body, 0);
                    chunks.Enqueue((k.Offset(), k.Length()));
                }
                else
                {
                    result.Add((type, body));
                }
            }

            if (!v2 && c.Position < end)
            {
                // PureHDF decodes a version 1 message while any byte of the block is left, reading its prefix past the end.
                throw RefuseClaim(path, $"its object header at {address} leaves {end - c.Position} bytes after its last message, too few for a message");
            }

            first = false;
        }

        return result;
    }

    /// <summary>
    /// PureHDF reads a shared message by decoding the whole object header it points to, that header's shared messages
    /// included, recursively: follow the references as it would (that header's claims are checked on the way) and refuse
    /// a loop or a chain deeper than HDF5 writes (a committed datatype's header holds its message itself) before PureHDF
    /// recurses without end. Returns the messages of the header referred to, or null where PureHDF refuses the
    /// reference itself.
    /// </summary>
    internal List<(int Type, byte[] Body)>? FollowShared(ulong from, Cursor c, string path)
    {
        var version = c.Byte();
        var location = c.Byte();
        if (version == 3 && location == 1)
        {
            return null; // in the shared-message heap, which PureHDF refuses itself without recursing
        }

        c.Skip(version == 1 ? 6 : 0);
        // A reference to its own header is a loop too: PureHDF means to refuse it, but compares the reference with
        // the header's position after its signature and version, which never matches, and decodes the header again.
        var target = c.Offset();

        if (IsUndefined(target) || target >= (ulong)(_end - _base))
        {
            throw RefuseClaim(path, $"a shared message of its object header at {from} refers to an object header at {target}, past the end of the file ({_end - _origin} bytes)");
        }

        var top = _sharedChain.Count == 0;
        if (top)
        {
            _sharedChain.Add(from);
        }

        try
        {
            var loop = !_sharedChain.Add(target);
            if (loop || _sharedChain.Count > MaxSharedChain)
            {
                throw RefuseClaim(path, $"a shared message of its object header at {from} refers to the header at {target}, " +
                    (loop ? "which leads back to it (a loop PureHDF would follow without end)" : $"the end of a chain of more than {MaxSharedChain} such references (HDF5 writes one)"));
            }

            var messages = Messages(target, path);
            _sharedChain.Remove(target);
            return messages;
        }
        finally
        {
            if (top)
            {
                _sharedChain.Clear();
            }
        }
    }

    private Link LinkMessage(Cursor c, string path)
    {
        if (c.Byte() != 1)
        {
            throw Refuse("a link message has an unknown version");
        }

        var flags = c.Byte();
        var type = (flags & 0x08) != 0 ? c.Byte() : 0;
        c.Skip(((flags & 0x04) != 0 ? 8 : 0) + ((flags & 0x10) != 0 ? 1 : 0));
        var nameBytes = 1 << (flags & 3);
        var name = Encoding.UTF8.GetString(c.Take(Claim(c, c.UInt(nameBytes), path, "a link message's name")));
        switch (type)
        {
            case 0:
                return new Link(name, c.Offset(), null, null, null);
            case 1:
                return new Link(name, 0, null, "soft", Encoding.UTF8.GetString(c.Take(Claim(c, c.UInt16(), path, $"link '{name}''s soft link value"))));
            case 64:
                var info = c.Take(Claim(c, c.UInt16(), path, $"link '{name}''s external link value"));
                var parts = Encoding.UTF8.GetString(info.AsSpan(Math.Min(1, info.Length))).Split('\0');
                return new Link(name, 0, null, "external", $"{parts[0]}:{(parts.Length > 1 ? parts[1] : "")}");
            case > 64:
                return new Link(name, 0, null, "user-defined", $"type {type}");
            default:
                throw Refuse($"link '{name}' has the reserved link type {type}");
        }
    }

    // ---- dense link storage: v2 B-tree name index → fractal heap ----

    private void DenseLinks(Cursor info, List<Link> links, string path)
    {
        info.Byte();
        var flags = info.Byte();
        info.Skip((flags & 1) != 0 ? 8 : 0);
        var heapAddress = info.Offset();
        var index = info.Offset();
        if (IsUndefined(heapAddress))
        {
            return; // compact storage: the links are the header's link messages
        }

        var heap = new FractalHeap(this, heapAddress);
        foreach (var id in NameIndexRecords(index))
        {
            links.Add(LinkMessage(new Cursor(this, heap.Object(id), 0, path, "a densely stored link message"), path));
        }
    }

    private List<byte[]> NameIndexRecords(ulong address)
    {
        var c = new Cursor(this, Read(address, 16 + _offsetSize + 2 + _lengthSize), 0);
        c.Signature("BTHD");
        c.Byte();
        var type = c.Byte();
        var nodeSize = c.UInt32();
        var recordSize = c.UInt16();
        var depth = c.UInt16();
        c.Skip(2);
        var root = c.Offset();
        var rootRecords = c.UInt16();
        if (type != 5 || recordSize <= 4 || nodeSize < 10 + (ulong)recordSize || depth > 8 || nodeSize > 1 << 20)
        {
            throw Refuse($"the link name index at {address} (type {type}, depth {depth}, record size {recordSize}, node size {nodeSize}) is not one HDF5 writes");
        }

        // Field widths in internal nodes follow from the node size, as HDF5 computes them (H5B2__hdr_init).
        var max = new ulong[depth + 1];
        var cumulative = new ulong[depth + 1];
        var cumulativeSize = new int[depth + 1];
        max[0] = cumulative[0] = (nodeSize - 10) / recordSize;
        var recordCountSize = EncodedSize(max[0]);
        for (var u = 1; u <= depth; u++)
        {
            var pointer = (ulong)(_offsetSize + recordCountSize + (u > 1 ? cumulativeSize[u - 1] : 0));
            if (pointer + 10 > nodeSize)
            {
                throw Refuse($"the link name index at {address} has {nodeSize}-byte nodes, too small for depth {depth}");
            }

            max[u] = (nodeSize - 10 - pointer) / (recordSize + pointer);
            // Saturates rather than wraps: beyond 2^48 records the widths stop growing, and no file holds that many.
            cumulative[u] = cumulative[u - 1] > (1UL << 48) / (max[u] + 1) ? 1UL << 48 : ((max[u] + 1) * cumulative[u - 1]) + max[u];
            cumulativeSize[u] = EncodedSize(cumulative[u]);
        }

        var records = new List<byte[]>();
        var nodes = new Stack<(ulong Address, ulong Records, int Depth)>();
        var seen = new HashSet<ulong>();
        if (!IsUndefined(root))
        {
            nodes.Push((root, rootRecords, depth));
        }

        while (nodes.Count > 0)
        {
            var (at, count, level) = nodes.Pop();
            if (!seen.Add(at) || count > max[level])
            {
                throw Refuse($"the link name index node at {at} is reached twice or claims {count} records, more than fit");
            }

            var node = new Cursor(this, Read(at, Checked(nodeSize, "a B-tree node")), 0);
            node.Signature(level == 0 ? "BTLF" : "BTIN");
            node.Skip(2);
            for (ulong i = 0; i < count; i++)
            {
                Spend();
                node.Skip(4); // the name's hash
                records.Add(node.Take(recordSize - 4));
            }

            if (level > 0)
            {
                for (ulong i = 0; i <= count; i++)
                {
                    var child = node.Offset();
                    var childRecords = node.UInt(recordCountSize);
                    node.Skip(level > 1 ? cumulativeSize[level - 1] : 0);
                    nodes.Push((child, childRecords, level - 1));
                }
            }
        }

        return records;
    }

    /// <summary>Bytes needed for a count up to <paramref name="value"/> (HDF5's H5VM_limit_enc_size).</summary>
    private static int EncodedSize(ulong value) => ((value == 0 ? 0 : 63 - System.Numerics.BitOperations.LeadingZeroCount(value)) / 8) + 1;

    private sealed class FractalHeap
    {
        private readonly Hdf5LinkScanner _s;
        private readonly int _idLength;
        private readonly int _width;
        private readonly ulong _startBlock;
        private readonly int _maxDirectRows;
        private readonly int _offsetBytes;
        private readonly int _lengthBytes;
        private readonly ulong _root;
        private readonly int _rootRows;
        private readonly Dictionary<ulong, ulong[]> _indirect = [];

        public FractalHeap(Hdf5LinkScanner s, ulong address)
        {
            _s = s;
            var (o, l) = (s._offsetSize, s._lengthSize);
            var c = new Cursor(s, s.Read(address, 22 + (3 * o) + (12 * l)), 0);
            c.Signature("FRHP");
            c.Byte();
            _idLength = c.UInt16();
            var filters = c.UInt16();
            c.Byte();
            var maxManaged = c.UInt32();
            c.Skip(l + o + l + o + (8 * l));
            _width = c.UInt16();
            _startBlock = c.Length();
            var maxDirect = c.Length();
            var maxHeapBits = c.UInt16();
            c.Skip(2);
            _root = c.Offset();
            _rootRows = c.UInt16();
            if (filters != 0)
            {
                throw s.Refuse($"the link heap at {address} is filtered; HDF5 does not write link heaps so and the link scan does not read them");
            }

            if (_width is 0 or > 4096 || !IsPowerOfTwo(_startBlock) || !IsPowerOfTwo(maxDirect) || maxDirect < _startBlock || maxHeapBits is 0 or > 64)
            {
                throw s.Refuse($"the link heap at {address} has a doubling table (width {_width}, blocks {_startBlock}–{maxDirect}) HDF5 does not write");
            }

            _maxDirectRows = Log2(maxDirect) - Log2(_startBlock) + 2;
            _offsetBytes = (maxHeapBits + 7) / 8;
            _lengthBytes = Math.Min((Log2(maxDirect) + 7) / 8, EncodedSize(maxManaged));
            if (1 + _offsetBytes + _lengthBytes > _idLength)
            {
                throw s.Refuse($"the link heap at {address} has {_idLength}-byte IDs, too short for its offsets");
            }
        }

        /// <summary>The bytes of the managed object <paramref name="id"/> names.</summary>
        public byte[] Object(byte[] id)
        {
            if (id.Length < _idLength || (id[0] & 0xF0) != 0)
            {
                throw _s.Refuse("a link heap ID is not a managed object's (tiny and huge objects never hold links)");
            }

            var c = new Cursor(_s, id, 1);
            var offset = c.UInt(_offsetBytes);
            var length = c.UInt(_lengthBytes);
            return _rootRows == 0
                ? Direct(_root, offset, length, _startBlock)
                : Locate(_root, _rootRows, offset, length, 0);
        }

        private byte[] Locate(ulong block, int rows, ulong offset, ulong length, int depth)
        {
            if (depth > MaxDepth)
            {
                throw _s.Refuse("the link heap's indirect blocks nest too deep");
            }

            var entries = Entries(block, rows);
            for (var r = 0; r < rows; r++)
            {
                var size = r == 0 ? _startBlock : _startBlock << (r - 1);
                if (r > 1 && size >> (r - 1) != _startBlock)
                {
                    throw _s.Refuse($"the link heap's indirect block at {block} has more rows than its offsets can address");
                }

                var span = size * (ulong)_width;
                if (offset >= span)
                {
                    offset -= span;
                    continue;
                }

                var column = (int)(offset / size);
                var child = entries[(r * _width) + column];
                var within = offset - ((ulong)column * size);
                if (r < _maxDirectRows)
                {
                    return Direct(child, within, length, size);
                }

                // A child indirect block spans one entry of this row; its rows follow from that span.
                var childRows = Log2(size) - Log2(_startBlock * (ulong)_width) + 1;
                return Locate(child, childRows, within, length, depth + 1);
            }

            throw _s.Refuse($"a link heap offset lies beyond the indirect block at {block}");
        }

        private ulong[] Entries(ulong block, int rows)
        {
            if (_indirect.TryGetValue(block, out var entries))
            {
                return entries;
            }

            if (rows is <= 0 or > 64)
            {
                throw _s.Refuse($"the link heap's indirect block at {block} claims {rows} rows");
            }

            var count = rows * _width;
            var prefix = 5 + _s._offsetSize + _offsetBytes;
            var c = new Cursor(_s, _s.Read(block, prefix + (count * _s._offsetSize)), 0);
            c.Signature("FHIB");
            c.Skip(prefix - 4);
            entries = count == 0 ? NoEntries : new ulong[count];
            for (var i = 0; i < count; i++)
            {
                entries[i] = c.Offset();
            }

            _s.Spend();
            _indirect[block] = entries;
            return entries;
        }

        private byte[] Direct(ulong block, ulong within, ulong length, ulong blockSize)
        {
            if (within + length > blockSize || length == 0)
            {
                throw _s.Refuse($"a link heap object ({length} bytes at {within}) does not fit its {blockSize}-byte block");
            }

            var c = new Cursor(_s, _s.Read(block, 4), 0);
            c.Signature("FHDB");
            return _s.Read(block + within, (int)length);
        }

        private static bool IsPowerOfTwo(ulong v) => v != 0 && (v & (v - 1)) == 0 && v <= 1UL << 40;

        private static int Log2(ulong v) => 63 - System.Numerics.BitOperations.LeadingZeroCount(v);
    }

    // ---- reading ----

    private bool IsUndefined(ulong address) => _offsetSize == 8 ? address == ulong.MaxValue : address == (1UL << (8 * _offsetSize)) - 1;

    internal void Spend()
    {
        if (++_work > _budget)
        {
            throw Refuse($"the group structure needs more than {_budget} reads for a file of this size");
        }
    }

    private int Checked(ulong size, string what) =>
        size <= (ulong)(_end - _origin) && size <= int.MaxValue
            ? (int)size
            : throw Refuse($"{what} claims {size} bytes; the file holds {_end - _origin}");

    private byte[] Read(ulong address, int count, bool absolute = false)
    {
        Spend();
        var at = absolute ? _origin : _base;
        if (IsUndefined(address) || address > (ulong)(_end - at) || (ulong)count > (ulong)(_end - at) - address)
        {
            throw Refuse($"a {count}-byte structure at address {address} lies beyond the end of the file ({_end - _origin} bytes)");
        }

        var bytes = new byte[count];
        _stream.Position = at + (long)address;
        _stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// Returns <paramref name="claim"/> when that many bytes remain in the message <paramref name="c"/> reads; PureHDF
    /// allocates a claimed length before reading it, so a claim past the message's end is refused here instead.
    /// </summary>
    internal int Claim(Cursor c, ulong claim, string path, string what)
    {
        var left = c.Remaining;
        return claim <= (ulong)left
            ? (int)claim
            : throw RefuseClaim(path, $"{what} claims {claim} bytes, but its message has only {left} bytes left");
    }

    internal DatasetValidationException RefuseClaim(string path, string what) =>
        new(_source, [$"not a readable HDF5 file: object '{Printable(path)}': {what} (found while checking its object headers before reading them)"]);

    /// <summary>The path for a message: control characters (a damaged name holds any bytes) escaped as \uXXXX.</summary>
    private static string Printable(string path)
    {
        if (path.Length == 0)
        {
            return "/";
        }

        var text = new StringBuilder(path.Length);
        foreach (var ch in path)
        {
            _ = char.IsControl(ch) ? text.Append($"\\u{(int)ch:X4}") : text.Append(ch);
        }

        return text.ToString();
    }

    internal DatasetValidationException Refuse(string what) =>
        new(_source, [$"not a readable HDF5 file: {what} (found while listing its links before reading them)"]);

    /// <summary>
    /// A bounds-checked little-endian reader over one structure's bytes; given <paramref name="path"/> and
    /// <paramref name="message"/>, a field past the end is refused naming the object and the message it is in.
    /// </summary>
    internal sealed class Cursor(Hdf5LinkScanner scanner, byte[] bytes, int position, string? path = null, string? message = null)
    {
        public int Position { get; private set; } = position;

        public int Remaining => bytes.Length - Position;

        public byte[] Take(int count)
        {
            if (count < 0 || count > bytes.Length - Position)
            {
                throw path is null
                    ? scanner.Refuse($"a field of {count} bytes runs past the end of its {bytes.Length}-byte structure")
                    : scanner.RefuseClaim(path, $"{message} needs a {count}-byte field at byte {Position}, but the message has {bytes.Length} bytes");
            }

            var result = bytes.AsSpan(Position, count).ToArray();
            Position += count;
            return result;
        }

        public void Skip(int count) => Take(count);

        public byte Byte() => Take(1)[0];

        public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

        public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

        public ulong UInt(int size)
        {
            var b = Take(size);
            ulong v = 0;
            for (var i = size - 1; i >= 0; i--)
            {
                v = (v << 8) | b[i];
            }

            return v;
        }

        public ulong Offset() => UInt(scanner._offsetSize);

        public ulong Length() => UInt(scanner._lengthSize);

        public void Signature(string expected)
        {
            var at = Position;
            if (Encoding.ASCII.GetString(Take(4)) != expected)
            {
                throw scanner.Refuse($"expected the signature {expected} at byte {at} of a structure");
            }
        }
    }
}
