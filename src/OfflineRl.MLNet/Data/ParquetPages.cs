using Parquet.Meta;

namespace OfflineRl.MLNet.Data;

/// <summary>
/// Checks the page headers of every column chunk before Parquet.Net 6.1.0 reads the pages: it allocates what a header
/// claims — the compressed page, the uncompressed page, a Snappy stream's own length preamble — before it reads the
/// bytes, so a 1 KB file could make it allocate gigabytes (found by fuzzing). Pages are walked as its column reader
/// walks them: from the chunk's lowest page offset, one after another, until the chunk's values are read.
/// </summary>
internal static class ParquetPages
{
    /// <summary>
    /// Below this a page may expand as it likes; above it, by no more than deflate's bound (1032 : 1). Parquet writers
    /// cut pages near 1 MB, so a real page never comes close.
    /// </summary>
    internal const long FreeExpansion = 64L << 20;

    private const long DeflateRatio = 1032;

    private const int FirstWindow = 1 << 10;

    /// <summary>
    /// Checks every column chunk of <paramref name="metadata"/>, whose pages end where the footer begins,
    /// <paramref name="dataEnd"/> (what <see cref="ParquetFooter.Check"/> returns).
    /// </summary>
    /// <remarks>Offsets count from the stream's start, as Parquet.Net reads them; the stream is left where it was.</remarks>
    /// <exception cref="DatasetValidationException">When a page claims more than the file or its codec allows.</exception>
    public static void Check(Stream stream, long dataEnd, FileMetaData metadata, string source)
    {
        var position = stream.Position;
        var window = new byte[FirstWindow];
        foreach (var group in metadata.RowGroups)
        {
            foreach (var chunk in group.Columns)
            {
                if (chunk.MetaData is { } column)
                {
                    Chunk(stream, dataEnd, column, source, ref window);
                }
            }
        }

        stream.Position = position;
    }

    private static void Chunk(Stream stream, long dataEnd, ColumnMetaData column, string source, ref byte[] window)
    {
        var name = string.Join('.', column.PathInSchema);
        DatasetValidationException Refuse(string what) =>
            new(source, [$"not a readable Parquet file: column '{name}': {what}"]);

        var offsets = new[] { column.DictionaryPageOffset ?? 0, column.DataPageOffset, column.IndexPageOffset ?? 0 }.Where(o => o != 0);
        var at = offsets.Any() ? offsets.Min() : 0;
        long values = 0;
        var slots = new long[(int)ParquetFooter.PageSlot.Count];
        while (values < column.NumValues)
        {
            if (at < 4 || at >= dataEnd)
            {
                throw Refuse($"a page starts at byte {at}, outside the file's data (bytes 4 to {dataEnd}), before the chunk's {column.NumValues} values are read");
            }

            Array.Fill(slots, -1);
            var headerLength = Header(stream, at, dataEnd, slots, ref window) ?? throw Refuse($"the page header at byte {at} is damaged");
            var (uncompressed, compressed) = (slots[(int)ParquetFooter.PageSlot.UncompressedSize], slots[(int)ParquetFooter.PageSlot.CompressedSize]);
            var body = at + headerLength;
            if (compressed < 0 || compressed > dataEnd - body)
            {
                throw Refuse($"the page at byte {at} claims {compressed} compressed bytes, but {dataEnd - body} bytes of data follow its header");
            }

            if (uncompressed < 0 || uncompressed > Math.Max(FreeExpansion, DeflateRatio * compressed))
            {
                throw Refuse($"the page at byte {at} claims {uncompressed} bytes uncompressed from {compressed}; more than any codec expands that much");
            }

            if (column.Codec == CompressionCodec.SNAPPY && compressed > 0)
            {
                // Snappier sizes its output by the stream's preamble; a data page v2 compresses after its level bytes.
                var levels = Math.Max(0, slots[(int)ParquetFooter.PageSlot.DefinitionLevelsLength]) + Math.Max(0, slots[(int)ParquetFooter.PageSlot.RepetitionLevelsLength]);
                foreach (var start in levels > 0 && levels < compressed ? new[] { body, body + levels } : [body])
                {
                    var preamble = Preamble(stream, start, body + compressed);
                    if (preamble > (ulong)Math.Max(FreeExpansion, uncompressed))
                    {
                        throw Refuse($"the Snappy stream of the page at byte {at} claims {preamble} bytes uncompressed; the page header says {uncompressed}");
                    }
                }
            }

            values += Math.Max(0, slots[(int)ParquetFooter.PageSlot.Type] switch
            {
                0 => slots[(int)ParquetFooter.PageSlot.DataValues],
                3 => slots[(int)ParquetFooter.PageSlot.DataValuesV2],
                2 => 0, // a dictionary page
                _ => throw Refuse($"the page at byte {at} has type {slots[(int)ParquetFooter.PageSlot.Type]}, which Parquet.Net does not read"),
            });

            at = body + compressed;
        }
    }

    /// <summary>
    /// The length of the page header at <paramref name="at"/> (its values in <paramref name="slots"/>), or null when
    /// damaged. Reads it through <paramref name="window"/>, which doubles (and stays doubled) when a header is longer.
    /// </summary>
    private static int? Header(Stream stream, long at, long dataEnd, long[] slots, ref byte[] window)
    {
        // A header is a few dozen bytes unless it carries statistics.
        while (true)
        {
            var length = (int)Math.Min(window.Length, dataEnd - at);
            stream.Position = at;
            stream.ReadExactly(window, 0, length);
            var position = 0;
            if (ParquetFooter.PageHeader(window.AsSpan(0, length), ref position, slots))
            {
                return position;
            }

            if (length == dataEnd - at || window.Length >= int.MaxValue / 2)
            {
                return null;
            }

            window = new byte[2 * window.Length];
        }
    }

    /// <summary>The varint length preamble of the Snappy stream at <paramref name="at"/> (0 when it does not fit before <paramref name="end"/>).</summary>
    private static ulong Preamble(Stream stream, long at, long end)
    {
        stream.Position = at;
        ulong value = 0;
        for (var shift = 0; shift < 35 && at + (shift / 7) < end; shift += 7)
        {
            var next = stream.ReadByte();
            if (next < 0)
            {
                return 0;
            }

            value |= (ulong)(next & 0x7f) << shift;
            if ((next & 0x80) == 0)
            {
                return value;
            }
        }

        return 0;
    }
}
