using System.IO.Compression;

namespace OfflineRl.MLNet.Data;

/// <summary>Reads and writes .npz archives: a zip of .npy arrays (stored or deflated).</summary>
public static class NpzFile
{
    /// <summary>Reads every array of the archive at <paramref name="path"/>, keyed by name without ".npy".</summary>
    /// <exception cref="FileNotFoundException">When the file does not exist.</exception>
    /// <exception cref="DatasetValidationException">When the file is not a readable .npz.</exception>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: file not found", path);
        }

        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    /// <summary>
    /// Reads every array of the archive in <paramref name="stream"/> (seekable); <paramref name="source"/> names it in
    /// messages. Each array is checked against its entry's uncompressed length before anything of the size its header
    /// claims is allocated, and a deflated entry is never inflated past that length.
    /// </summary>
    /// <exception cref="DatasetValidationException">When the bytes are not a readable .npz.</exception>
    internal static IReadOnlyDictionary<string, NpyArray> Read(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                {
                    continue;
                }

                var name = entry.FullName[..^4];
                var where = $"{source}: array '{name}'";
                if (arrays.ContainsKey(name))
                {
                    throw new DatasetValidationException($"{where}: the archive holds this entry twice");
                }

                using var raw = entry.Open();
                using var bounded = new BoundedReadStream(raw, entry.Length);
                using var buffered = new BufferedStream(bounded, 1 << 16);
                arrays[name] = NpyArray.Read(buffered, where, entry.Length);
            }

            return arrays;
        }
        catch (InvalidDataException ex)
        {
            throw new DatasetValidationException($"{source}: not a valid .npz archive ({ex.Message})", ex);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new DatasetValidationException($"{source}: not a valid .npz archive ({ex.Message})", ex);
        }
    }

    /// <summary>Writes the arrays as an uncompressed .npz, atomically (temporary file, then rename).</summary>
    public static void Write(string path, IEnumerable<NpyArray> arrays)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(arrays);
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var array in arrays)
            {
                var entry = zip.CreateEntry(array.Name + ".npy", CompressionLevel.NoCompression);
                entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var s = entry.Open();
                array.Write(s);
            }
        });
    }

    /// <summary>Reads at most <c>limit</c> bytes of the inner stream: a zip entry inflates to no more than it declares.</summary>
    private sealed class BoundedReadStream(Stream inner, long limit) : Stream
    {
        private long _remaining = limit;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_remaining <= 0)
            {
                return 0;
            }

            var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
            _remaining -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
