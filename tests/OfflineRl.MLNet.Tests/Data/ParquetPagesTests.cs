using OfflineRl.MLNet.Data;
using Parquet.Meta;

namespace OfflineRl.MLNet.Tests.Data;

/// <summary>Page headers are checked against the file and the codec before Parquet.Net allocates what they claim.</summary>
public sealed class ParquetPagesTests
{
    [Fact]
    public void A_page_whose_claims_fit_passes()
    {
        Check(Page(uncompressed: 40, compressed: 12, preamble: 40));
    }

    [Fact]
    public void A_page_claiming_more_compressed_bytes_than_the_file_holds_is_refused()
    {
        var message = Refusal(Page(uncompressed: 40, compressed: 268_435_455, preamble: 40, body: 12));
        Assert.Contains("column 'x': the page at byte 4 claims 268435455 compressed bytes, but 12 bytes of data follow its header", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_expanding_beyond_any_codec_is_refused()
    {
        var message = Refusal(Page(uncompressed: 1 << 30, compressed: 12, preamble: 40));
        Assert.Contains("claims 1073741824 bytes uncompressed from 12; more than any codec expands that much", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_snappy_preamble_claiming_more_than_the_page_is_refused()
    {
        var message = Refusal(Page(uncompressed: 40, compressed: 12, preamble: 1 << 30));
        Assert.Contains("the Snappy stream of the page at byte 4 claims 1073741824 bytes uncompressed; the page header says 40", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chunk_whose_pages_run_out_before_its_values_is_refused()
    {
        var message = Refusal(Page(uncompressed: 40, compressed: 12, preamble: 40), values: 20);
        Assert.Contains("a page starts at byte", message, StringComparison.Ordinal);
        Assert.Contains("before the chunk's 20 values are read", message, StringComparison.Ordinal);
    }

    /// <summary>"PAR1", one data page of 10 values (Thrift compact header, then its body starting with a Snappy preamble), an empty footer.</summary>
    private static byte[] Page(long uncompressed, long compressed, long preamble, int? body = null)
    {
        var bytes = new List<byte>("PAR1"u8.ToArray());
        bytes.AddRange([0x15, 0x00, 0x15]);
        bytes.AddRange(VarInt((ulong)uncompressed << 1));
        bytes.Add(0x15);
        bytes.AddRange(VarInt((ulong)compressed << 1));
        bytes.AddRange([0x2c, 0x15, 0x14, 0x00, 0x00]); // field 5: DataPageHeader { 1: num_values 10 }
        var data = VarInt((ulong)preamble).Concat(Enumerable.Repeat((byte)0, 12)).Take(body ?? (int)compressed);
        bytes.AddRange(data);
        bytes.AddRange([0, 0, 0, 0, .. "PAR1"u8]);
        return [.. bytes];
    }

    private static IEnumerable<byte> VarInt(ulong value)
    {
        do
        {
            yield return (byte)((value & 0x7f) | (value > 0x7f ? 0x80UL : 0));
            value >>= 7;
        }
        while (value != 0);
    }

    private static FileMetaData Metadata(long values) => new()
    {
        RowGroups = [new RowGroup { Columns = [new ColumnChunk { MetaData = new ColumnMetaData { DataPageOffset = 4, NumValues = values, Codec = CompressionCodec.SNAPPY, PathInSchema = ["x"] } }] }],
    };

    // The pages end where the (empty) footer begins: 8 bytes before the end.
    private static void Check(byte[] file, long values = 10) => ParquetPages.Check(new MemoryStream(file), file.Length - 8, Metadata(values), "f.parquet");

    private static string Refusal(byte[] file, long values = 10) =>
        Assert.Throws<DatasetValidationException>(() => Check(file, values)).Message;
}
