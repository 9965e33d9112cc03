using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

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

    /// <summary>
    /// Loads an HDF5 file in D4RL's flat layout or Minari's episode layout, or a Minari dataset folder. See <see cref="Hdf5DatasetLoader"/>.
    /// </summary>
    public TrajectoryDataset LoadHdf5(string path, DatasetLoadOptions? options = null) => Hdf5DatasetLoader.Load(path, options);

    /// <summary>
    /// Loads Parquet (a file or a folder of part files): RLlib's offline columns, or columns named by <paramref name="mapping"/>.
    /// See <see cref="ParquetDatasetLoader"/>.
    /// </summary>
    public TrajectoryDataset LoadParquet(string path, CsvColumnMapping? mapping = null, DatasetLoadOptions? options = null) =>
        ParquetDatasetLoader.Load(path, mapping, options);

    /// <summary>
    /// Loads JSON lines: RLlib's SampleBatch JSON, or one flat object per step named by <paramref name="mapping"/>.
    /// See <see cref="JsonLinesDatasetLoader"/>.
    /// </summary>
    public TrajectoryDataset LoadJsonLines(string path, CsvColumnMapping? mapping = null, DatasetLoadOptions? options = null) =>
        JsonLinesDatasetLoader.Load(path, mapping, options);

    /// <summary>
    /// Loads <paramref name="path"/> in the format its content shows: a folder of *.parquet files is Parquet, any other
    /// folder a Minari dataset; a file starting with the HDF5 signature is HDF5, with PAR1 Parquet, with a zip header
    /// .npz and with '{' JSON lines, whatever its name; otherwise the extension decides (.csv; .hdf5, .h5, .npz, .parquet,
    /// .json, .jsonl, .ndjson).
    /// </summary>
    /// <exception cref="FileNotFoundException">When nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="ArgumentException">For a file whose format is neither shown by its content nor by its extension.</exception>
    public TrajectoryDataset Load(string path, DatasetLoadOptions? options = null, CsvColumnMapping? mapping = null) =>
        DatasetFormats.Detect(path) switch
        {
            DatasetFormat.Hdf5 => LoadHdf5(path, options),
            DatasetFormat.Npz => LoadNpz(path, options),
            DatasetFormat.Csv => LoadCsv(path, mapping, options),
            DatasetFormat.Parquet => LoadParquet(path, mapping, options),
            DatasetFormat.JsonLines => LoadJsonLines(path, mapping, options),
            _ => throw new ArgumentException(
                $"{path}: unknown file type '{Path.GetExtension(path)}'; use .npz (D4RL or stable-baselines layout), .hdf5/.h5 (D4RL or Minari layout), " +
                "a Minari dataset folder, .parquet (RLlib or one row per step), .json/.jsonl (RLlib SampleBatch or one object per step) or .csv (one row per step)."),
        };

    /// <summary>
    /// Reads any <see cref="IDataView"/> with the trajectory columns (ML.NET's database or text loaders, DuckDB through
    /// <c>CreateDatabaseLoader</c>, a transform's output) into a validated dataset in one pass, so that training and the
    /// transforms read the rows from memory afterwards. Columns are found by role under the names in
    /// <paramref name="columns"/> (the roles' default names otherwise).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A role's column is missing or has a type the role cannot take.</exception>
    /// <exception cref="DatasetValidationException">Listing every problem found in the rows.</exception>
    public TrajectoryDataset LoadFromDataView(IDataView data, TrajectoryColumnOptions? columns = null) =>
        TrajectoryDataReader.Read(data, columns ?? new TrajectoryColumnOptions(), TrajectoryTransformer.SourceOf(data));

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
            builder ??= new TrajectoryDatasetBuilder(options?.SourceName ?? $"IEnumerable<{typeof(TRow).Name}>", Math.Max(obs.Length, 1), Math.Max(cont?.Length ?? 1, 1))
            {
                EndFlagsGiven = mapping.HasEndFlags,
                Labels = StepMapping<TRow>.Labels,
            };
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

    /// <summary>Writes <paramref name="data"/> as HDF5 in D4RL's flat layout. See <see cref="Hdf5DatasetWriter"/>.</summary>
    public void SaveAsHdf5(TrajectoryDataset data, string path) => Hdf5DatasetWriter.Write(data, path);

    /// <summary>Writes <paramref name="data"/> as Parquet, one row per step. See <see cref="ParquetDatasetWriter"/>.</summary>
    public void SaveAsParquet(TrajectoryDataset data, string path) => ParquetDatasetWriter.Write(data, path);

    /// <summary>Writes <paramref name="data"/> as long-format CSV.</summary>
    public void SaveAsCsv(TrajectoryDataset data, string path) => CsvDatasetWriter.Write(data, path);
}
