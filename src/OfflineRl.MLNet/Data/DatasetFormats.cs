namespace OfflineRl.MLNet.Data;

/// <summary>The file formats the loaders read.</summary>
internal enum DatasetFormat
{
    Unknown,
    Npz,
    Csv,
    Hdf5,
    Parquet,
    JsonLines,
}

/// <summary>Tells a path's format from its content first (magic bytes, a Minari folder) and its extension second.</summary>
internal static class DatasetFormats
{
    /// <summary>The format of <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">When nothing exists at <paramref name="path"/>.</exception>
    public static DatasetFormat Detect(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
        {
            // A Minari folder holds data/main_data.hdf5 (hdf5 storage) or episode folders of *.parquet (parquet storage).
            return File.Exists(Path.Combine(path, "data", Hdf5DatasetLoader.MinariMainFile)) || File.Exists(Path.Combine(path, Hdf5DatasetLoader.MinariMainFile))
                ? DatasetFormat.Hdf5
                : Directory.EnumerateFiles(path, "*.parquet", SearchOption.AllDirectories).Any() ? DatasetFormat.Parquet : DatasetFormat.Hdf5;
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: file not found", path);
        }

        Span<byte> head = stackalloc byte[8];
        int read;
        using (var file = File.OpenRead(path))
        {
            read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        if (read == 8 && head.SequenceEqual(Hdf5Arrays.Signature))
        {
            return DatasetFormat.Hdf5;
        }

        if (read >= 4 && head[..4].SequenceEqual(ParquetDatasetLoader.Magic))
        {
            return DatasetFormat.Parquet;
        }

        if (read >= 1 && head[0] == (byte)'{')
        {
            return DatasetFormat.JsonLines;
        }

        // A zip's local file header (PK\x03\x04) or an empty archive's end record (PK\x05\x06).
        if (read >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6)))
        {
            return DatasetFormat.Npz;
        }

        return Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".NPZ" => DatasetFormat.Npz,
            ".CSV" => DatasetFormat.Csv,
            ".HDF5" or ".H5" or ".HDF" => DatasetFormat.Hdf5,
            ".PARQUET" => DatasetFormat.Parquet,
            ".JSON" or ".JSONL" or ".NDJSON" => DatasetFormat.JsonLines,
            _ => DatasetFormat.Unknown,
        };
    }
}
