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

        try
        {
            using var zip = ZipFile.OpenRead(path);
            var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                {
                    continue;
                }

                var name = entry.FullName[..^4];
                using var stream = entry.Open();
                using var buffered = new BufferedStream(stream, 1 << 16);
                arrays[name] = NpyArray.Read(buffered, $"{path}: array '{name}'");
            }

            return arrays;
        }
        catch (InvalidDataException ex)
        {
            throw new DatasetValidationException($"{path}: not a valid .npz archive ({ex.Message})", ex);
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
}
