using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Tests.Data;

/// <summary>The footer check walks the metadata as Parquet.Net 6.1.0's decoder will, so that nothing it accepts sends the decoder past the end.</summary>
public sealed class ParquetFooterTests
{
    // FileMetaData { 1: version 1, 2: schema [ { 4: name "s" } ], 3: num_rows 0, 4: row_groups [] } and then what a test adds.
    private static readonly byte[] Minimal = [0x15, 0x02, 0x19, 0x1c, 0x48, 0x01, (byte)'s', 0x00, 0x16, 0x00, 0x19, 0x0c];

    [Fact]
    public void A_plain_footer_and_unknown_fields_the_decoder_can_step_over_pass()
    {
        Check([.. Minimal, 0x00]);
        // Unknown field 20 (explicit id, zigzag 40): an i64, a byte string, an empty struct, a list of i32.
        Check([.. Minimal, 0x06, 0x28, 0x02, 0x00]);
        Check([.. Minimal, 0x08, 0x28, 0x02, 0x61, 0x62, 0x00]);
        Check([.. Minimal, 0x0c, 0x28, 0x00, 0x00]);
        Check([.. Minimal, 0x09, 0x28, 0x25, 0x02, 0x04, 0x00]);
    }

    [Theory]
    [InlineData(new byte[] { 0x0c, 0x28, 0x15, 0x0a, 0x00, 0x00 }, "an unknown struct with a field: the skipper reads its value as headers")]
    [InlineData(new byte[] { 0x09, 0x28, 0x1c, 0x15, 0x0a, 0x00, 0x00 }, "a list of unknown non-empty structs")]
    [InlineData(new byte[] { 0x0b, 0x28, 0x00, 0x00 }, "a set: the skipper throws")]
    [InlineData(new byte[] { 0x10, 0x00 }, "type 0 with a delta is not a stop")]
    [InlineData(new byte[] { 0x0c, 0x28 }, "a struct cut by the end")]
    [InlineData(new byte[] { 0x06, 0x80, 0x80, 0x80, 0x01, 0x02, 0x00 }, "a field id longer than an i16")]
    public void Footers_the_decoder_would_run_off_the_end_of_are_refused(byte[] tail, string why)
    {
        var error = Assert.Throws<DatasetValidationException>(() => Check([.. Minimal, .. tail]));
        Assert.Contains("footer", error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Fact]
    public void A_known_field_with_another_wire_type_is_refused()
    {
        // SchemaElement's logical type (field 10) as an i32 instead of a struct.
        byte[] footer = [0x15, 0x02, 0x19, 0x1c, 0x48, 0x01, (byte)'s', 0x65, 0x02, 0x00, 0x16, 0x00, 0x19, 0x0c, 0x00];
        Assert.Throws<DatasetValidationException>(() => Check(footer));
    }

    private static void Check(byte[] footer)
    {
        using var stream = new MemoryStream();
        stream.Write("PAR1"u8);
        stream.Write(footer);
        stream.Write(BitConverter.GetBytes(footer.Length));
        stream.Write("PAR1"u8);
        stream.Position = 0;
        ParquetFooter.Check(stream, stream.Length, "test.parquet");
    }
}
