using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet;

/// <summary>Loaders and writers for trajectory data, reached as <c>mlContext.OfflineRL().Data</c>; every loader returns a <see cref="TrajectoryDataset"/>, an ML.NET <c>IDataView</c>.</summary>
public sealed class DataCatalog
{
    internal DataCatalog()
    {
    }

    /// <summary>Loads a .npz file (D4RL or stable-baselines layout). See <see cref="NpzDatasetLoader"/>.</summary>
    public TrajectoryDataset LoadNpz(string path, DatasetLoadOptions? options = null) => NpzDatasetLoader.Load(path, options);

    /// <summary>Loads a long-format CSV log. See <see cref="CsvDatasetLoader"/>.</summary>
    public TrajectoryDataset LoadCsv(string path, CsvColumnMapping? mapping = null, DatasetLoadOptions? options = null) =>
        CsvDatasetLoader.Load(path, mapping, options);

    /// <summary>Loads by extension: .npz or .csv.</summary>
    /// <exception cref="ArgumentException">For any other extension.</exception>
    public TrajectoryDataset Load(string path, DatasetLoadOptions? options = null, CsvColumnMapping? mapping = null) =>
        Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".NPZ" => LoadNpz(path, options),
            ".CSV" => LoadCsv(path, mapping, options),
            var ext => throw new ArgumentException($"{path}: unknown file type '{ext}'; use .npz (D4RL or stable-baselines layout) or .csv (one row per step)."),
        };

    /// <summary>Builds a dataset from in-memory rows, one per step, through <paramref name="mapping"/>.</summary>
    /// <exception cref="DatasetValidationException">Listing every problem found.</exception>
    public TrajectoryDataset LoadFromEnumerable<TRow>(IEnumerable<TRow> rows, StepMapping<TRow> mapping, DatasetLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(mapping);
        mapping.Validate();
        TrajectoryDatasetBuilder? builder = null;
        foreach (var row in rows)
        {
            var obs = mapping.Observation!(row);
            var cont = mapping.ContinuousAction?.Invoke(row);
            builder ??= new TrajectoryDatasetBuilder(options?.SourceName ?? $"IEnumerable<{typeof(TRow).Name}>", Math.Max(obs.Length, 1), Math.Max(cont?.Length ?? 1, 1));
            var id = mapping.EpisodeId!(row);
            var reward = mapping.Reward!(row);
            var terminal = mapping.IsTerminal?.Invoke(row) ?? false;
            var truncated = mapping.IsTruncated?.Invoke(row) ?? false;
            var next = mapping.NextObservation?.Invoke(row);
            var step = mapping.Step?.Invoke(row);
            if (cont is null)
            {
                builder.AddStep(id, obs, mapping.DiscreteAction!(row), reward, terminal, truncated, next, step);
            }
            else
            {
                builder.AddStep(id, obs, cont, reward, terminal, truncated, next, step);
            }
        }

        return builder?.Build(options)
            ?? throw new DatasetValidationException(options?.SourceName ?? $"IEnumerable<{typeof(TRow).Name}>", ["the dataset is empty (no steps)"]);
    }

    /// <summary>Writes <paramref name="data"/> as .npz in the D4RL layout.</summary>
    public void SaveAsNpz(TrajectoryDataset data, string path) => NpzDatasetWriter.Write(data, path);

    /// <summary>Writes <paramref name="data"/> as long-format CSV.</summary>
    public void SaveAsCsv(TrajectoryDataset data, string path) => CsvDatasetWriter.Write(data, path);
}
