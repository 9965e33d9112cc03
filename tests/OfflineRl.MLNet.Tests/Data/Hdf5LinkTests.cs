using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Tests.Data;

/// <summary>
/// Links that are not hard links, written by h5py in both group styles (libver 'earliest': symbol tables; 'latest':
/// link messages, and dense storage past eight links): refused by name before PureHDF resolves them — a soft link to
/// itself used to overflow the stack — while files holding only hard links still load.
/// </summary>
public sealed class Hdf5LinkTests : IDisposable
{
    private readonly SmallD4rlHdf5 _files = new();

    public void Dispose() => _files.Dispose();

    private string Write(string libver, string links) => _files.Write(libver, links);

    private string Refusal(string libver, string links) =>
        Assert.Throws<DatasetValidationException>(() => Hdf5DatasetLoader.Load(Write(libver, links))).Message;

    [Theory]
    [InlineData("earliest")]
    [InlineData("latest")]
    public void A_soft_link_to_itself_is_refused_by_name(string libver)
    {
        var message = Refusal(libver, "f['x'] = h5py.SoftLink('/x')");
        Assert.Contains("'/x' is a soft link to itself ('/x'), which would be followed without end", message, StringComparison.Ordinal);
        Assert.Contains("only hard links are read", message, StringComparison.Ordinal);
        Assert.Contains("delete the link", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("earliest")]
    [InlineData("latest")]
    public void A_two_link_cycle_is_refused_naming_the_cycle(string libver)
    {
        // 'b' is relative: it resolves from its own group, the root.
        var message = Refusal(libver, "f['a'] = h5py.SoftLink('/b'); f['b'] = h5py.SoftLink('a')");
        Assert.Contains("'/a' is a soft link in a cycle (/a → /b → /a)", message, StringComparison.Ordinal);
        Assert.Contains("'/b' is a soft link in a cycle (/b → /a → /b)", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("earliest")]
    [InlineData("latest")]
    public void A_soft_link_to_a_real_dataset_is_refused_too(string libver)
    {
        // Decided: refused. D4RL, Minari and d3rlpy write no soft links, and PureHDF would follow one unguarded.
        var message = Refusal(libver, "f['infos/next'] = np.zeros((6, 2), dtype=np.float32); f['next_observations'] = h5py.SoftLink('/infos/next')");
        Assert.Contains("'/next_observations' is a soft link to '/infos/next'; only hard links are read", message, StringComparison.Ordinal);
        Assert.DoesNotContain("without end", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("earliest")]
    [InlineData("latest")]
    public void A_soft_link_deep_in_a_subgroup_is_found(string libver)
    {
        var message = Refusal(libver, "f.create_group('infos/deeper/still'); f['infos/deeper/still/loop'] = h5py.SoftLink('..')");
        Assert.Contains("'/infos/deeper/still/loop' is a soft link to '..' (/infos/deeper)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fuzzed_file_that_overflowed_the_stack_is_refused_naming_its_link()
    {
        // Found by the hdf5 fuzz target: the D4RL seed with its link turned into a soft link to itself.
        var path = Path.Combine(TestData.RepoRoot, "fuzz", "corpus", "hdf5", "crash-soft-link-cycle.hdf5");
        var message = Assert.Throws<DatasetValidationException>(() => Hdf5DatasetLoader.Load(path)).Message;
        Assert.Contains("is a soft link to itself", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_external_link_is_refused()
    {
        var message = Refusal("latest", "f['ext'] = h5py.ExternalLink('other.h5', '/data')");
        Assert.Contains("'/ext' is an external link to 'other.h5:/data'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("earliest")]
    [InlineData("latest")]
    public void Hard_links_only_load_and_list_nothing(string libver)
    {
        // 60 more entries put the 'latest' root in dense storage with a two-level name index (45 records fit a leaf).
        var path = Write(libver, "f['same'] = f['rewards']\nfor i in range(60): f[f'extra/e{i}'] = f['rewards']\nf['infos/again'] = f['extra']");
        using (var stream = System.IO.File.OpenRead(path))
        {
            Assert.Empty(Hdf5LinkScanner.Scan(stream, 0, "f"));
        }

        var data = Hdf5DatasetLoader.Load(path);
        Assert.Equal(6, data.Count);
        Assert.Equal([0, 3, 6], data.EpisodeOffsets.ToArray());
    }

    [Theory]
    [InlineData("earliest", 70)]
    [InlineData("latest", 70)]
    [InlineData("latest", 40000)]
    public void One_soft_link_among_many_hard_links_is_found(string libver, int count)
    {
        // 40,000 links outgrow the link heap's root direct blocks and the scan walks nested indirect blocks (three in all).
        var path = Write(libver, $"g = f.create_group('many')\nfor i in range({count}): g[f'h{{i}}'] = f['rewards']\ng['s'] = h5py.SoftLink('/rewards')");
        using var stream = System.IO.File.OpenRead(path);
        var links = Hdf5LinkScanner.Scan(stream, 0, "f");
        var link = Assert.Single(links);
        Assert.Equal(new Hdf5LinkScanner.SymbolicLink("/many/s", "soft", "/rewards"), link);
    }

    [Fact]
    public void The_scan_reads_group_structure_only_not_the_data()
    {
        // 3,000,000 × 4 float32 observations: 48 MB of data; the scan reads headers, B-trees and heaps only.
        var path = Write("earliest", "del f['observations']; f.create_dataset('observations', data=np.zeros((3000000, 4), dtype=np.float32))");
        using var stream = new CountingStream(System.IO.File.OpenRead(path));
        Assert.Empty(Hdf5LinkScanner.Scan(stream, 0, "f"));
        Assert.True(stream.BytesRead < 16 << 10, $"the scan read {stream.BytesRead} bytes of a {stream.Length}-byte file");
        Assert.True(stream.Length > 48_000_000);
    }

    [Fact]
    public void A_damaged_group_header_is_refused_with_the_librarys_error()
    {
        // Superblock v3 is 48 bytes; the root group's object header follows it.
        var path = Write("latest", "f['x'] = h5py.SoftLink('/x')");
        var bytes = System.IO.File.ReadAllBytes(path);
        bytes.AsSpan(0x30, 8).Fill(0xEE);
        var message = Assert.Throws<DatasetValidationException>(() => Hdf5DatasetLoader.Load(new MemoryStream(bytes), "bad.hdf5", null)).Message;
        Assert.Contains("bad.hdf5", message, StringComparison.Ordinal);
        Assert.Contains("not a readable HDF5 file: expected the signature OHDR", message, StringComparison.Ordinal);
    }

    /// <summary>Counts the bytes read through it.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void Flush() => inner.Flush();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
