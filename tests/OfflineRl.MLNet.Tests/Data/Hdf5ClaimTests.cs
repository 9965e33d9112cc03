using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Tests.Data;

/// <summary>
/// Length claims in object-header messages that PureHDF allocates before reading (found by the hdf5 fuzz target: a
/// 2 KB file made it allocate gigabytes): h5py-made files with one claim patched past its message are refused naming
/// the object, the message and both sizes, while ordinary files with fill values and attributes still load.
/// </summary>
public sealed class Hdf5ClaimTests : IDisposable
{
    private const string FillRewards =
        "f.create_dataset('rewards', data=np.ones(n, dtype=np.float32), fillvalue=np.float32(1234.5))";

    private readonly SmallD4rlHdf5 _files = new();

    public void Dispose() => _files.Dispose();

    private string Write(string libver, string code, string patches = "[]") => _files.Write(libver, code, patches, rewards: false);

    private string Refusal(string libver, string code, string patches) =>
        Assert.Throws<DatasetValidationException>(() => Hdf5DatasetLoader.Load(Write(libver, code, patches))).Message;

    [Theory]
    [InlineData("earliest")]
    [InlineData("latest")]
    public void A_fill_value_claiming_4_GB_is_refused_before_anything_is_allocated(string libver)
    {
        // The size field precedes the 4-byte value in both the old (0x0004) and the new (0x0005) fill value message.
        var message = Refusal(libver, FillRewards, "[(struct.pack('<If', 4, 1234.5), struct.pack('<If', 0xFFFFFFF0, 1234.5))]");
        Assert.Contains("object '/rewards': the", message, StringComparison.Ordinal);
        Assert.Contains("fill value message", message, StringComparison.Ordinal);
        Assert.Contains("claims 4294967280 bytes, but its message has only", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compact_layout_data_larger_than_its_message_is_refused()
    {
        // Layout message version 3, class 0 (compact): a 2-byte size, then the six float32 rewards (24 bytes, and padding).
        const string compact = """
            dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE); dcpl.set_layout(h5py.h5d.COMPACT)
            d = h5py.h5d.create(f.id, b'rewards', h5py.h5t.IEEE_F32LE, h5py.h5s.create_simple((n,)), dcpl=dcpl)
            d.write(h5py.h5s.ALL, h5py.h5s.ALL, np.arange(1, n + 1, dtype=np.float32))
            """;
        var rewards = "np.arange(1, 7, dtype=np.float32).tobytes()";
        var message = Refusal("earliest", compact, $"[(b'\\x03\\x00\\x18\\x00' + {rewards}, b'\\x03\\x00\\xff\\xff' + {rewards})]");
        Assert.Contains("object '/rewards': the compact data of the data layout message (version 3) claims 65535 bytes, but its message has only ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_name_longer_than_its_link_message_is_refused()
    {
        // 'latest' keeps the root's few links as link messages: a 1-byte name length, the name, the 8-byte address.
        var message = Refusal("latest", FillRewards, "[(b'\\x07rewards', b'\\xffrewards')]");
        Assert.Contains("object '/': a link message's name claims 255 bytes, but its message has only", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_soft_link_value_longer_than_its_link_message_is_refused()
    {
        var message = Refusal("latest", FillRewards + "; f['s'] = h5py.SoftLink('/rewards')", "[(b'\\x08\\x00/rewards', b'\\xf0\\xff/rewards')]");
        Assert.Contains("object '/': link 's''s soft link value claims 65520 bytes, but its message has only 8 bytes left", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_attribute_whose_data_claims_more_than_its_message_is_refused()
    {
        // 77 float64 values: the dataspace's only dimension (8 bytes) becomes 2^40, so 8 TB of data in 616 bytes.
        var message = Refusal("earliest", FillRewards + "; f['rewards'].attrs['scale'] = np.arange(77.0)", "[(struct.pack('<Q', 77), struct.pack('<Q', 1 << 40))]");
        Assert.Contains("object '/rewards': an attribute's data (1099511627776 elements of 8 bytes) claims 8796093022208 bytes, but its message has only 616 bytes left", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("earliest")]
    [InlineData("latest")]
    public void An_enumeration_whose_values_claim_more_than_its_message_is_refused(string libver)
    {
        // h5py stores bool as an enumeration (class 8) of 2 one-byte members; its type size becomes 4294967040.
        var message = Refusal(libver, FillRewards, "[(b'\\x02\\x00\\x00\\x01\\x00\\x00\\x00', b'\\x02\\x00\\x00\\x00\\xff\\xff\\xff')]");
        Assert.Contains("an enumeration datatype's values (2 of 4294967040 bytes) claims 8589934080 bytes, but its message has only", message, StringComparison.Ordinal);
        Assert.Matches("object '/(terminals|timeouts)'", message);
    }

    [Theory]
    [InlineData("earliest")]
    [InlineData("latest")]
    public void A_d4rl_file_with_fill_values_and_attributes_still_loads(string libver)
    {
        var path = Write(libver, FillRewards + "; f['rewards'].attrs['scale'] = np.arange(77.0); f.attrs['env'] = 'hopper-medium-v2'; f['observations'].attrs['note'] = ['a', 'bc']");
        var data = Hdf5DatasetLoader.Load(path);
        Assert.Equal(6, data.Count);
        Assert.Equal([0, 3, 6], data.EpisodeOffsets.ToArray());
    }

    [Theory]
    [InlineData("earliest")]
    [InlineData("latest")]
    public void A_dataset_whose_datatype_is_committed_elsewhere_loads_through_its_shared_message(string libver)
    {
        // h5py's committed datatype: the rewards' datatype message is shared, a reference to the header of '/reward_type'.
        var path = Write(libver, "f['reward_type'] = np.dtype('<f4'); f.create_dataset('rewards', data=np.full(n, 2.5, dtype='<f4'), dtype=f['reward_type'])");
        var data = Hdf5DatasetLoader.Load(path);
        Assert.Equal(Enumerable.Repeat(2.5f, 6), data.Rewards.ToArray());
    }

    [Theory]
    [InlineData("earliest")]
    [InlineData("latest")]
    public void An_attribute_whose_datatype_is_committed_elsewhere_loads_and_its_data_claim_is_checked_with_that_size(string libver)
    {
        // The attribute's datatype is a shared reference to '/scale_type' (8 bytes): its data's size is known only there.
        const string code = FillRewards + "; f['scale_type'] = np.dtype('<f8'); f['rewards'].attrs.create('scale', np.arange(77.0), dtype=f['scale_type'])";
        var data = Hdf5DatasetLoader.Load(Write(libver, code));
        Assert.Equal(6, data.Count);

        var message = Refusal(libver, code, "[(struct.pack('<Q', 77), struct.pack('<Q', 1 << 40))]");
        Assert.Contains("object '/rewards': an attribute's data (1099511627776 elements of 8 bytes) claims 8796093022208 bytes", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chunk_larger_than_the_file_could_hold_is_refused_before_it_is_allocated()
    {
        // The actions' chunks are (5, 1) float32s; the layout message's 4-byte chunk sizes (5, 1, 4) become (2^31 − 1, 1, 4).
        const string code = FillRewards + "; del f['actions']; f.create_dataset('actions', data=np.full((n, 1), 0.5, dtype=np.float32), chunks=(5, 1))";
        var data = Hdf5DatasetLoader.Load(Write("earliest", code));
        Assert.Equal(6, data.Count);

        var message = Refusal("earliest", code, "[(struct.pack('<III', 5, 1, 4), struct.pack('<III', 0x7fffffff, 1, 4))]");
        Assert.Contains("its chunks claim shape (2147483647, 1) of 4-byte values, 8589934588 bytes each", message, StringComparison.Ordinal);
    }
}
