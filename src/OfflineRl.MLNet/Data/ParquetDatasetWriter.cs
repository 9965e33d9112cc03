using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace OfflineRl.MLNet.Data;

/// <summary>
/// Writes a dataset as Parquet, one row per step, with the CSV writer's column names (<c>episode_id, step, obs_*,
/// action</c> or <c>action_*, reward, terminal, truncated</c>, <c>next_obs_*</c> when recorded, and <c>action_logp</c> when
/// the dataset has <see cref="ColumnNames.BehaviorLogProbability"/>): scalar columns that Spark, DuckDB and pandas read as
/// they are. The declared action space goes into the file's key-value metadata, which <see cref="ParquetDatasetLoader"/> reads.
/// </summary>
public static class ParquetDatasetWriter
{
    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(TrajectoryDataset data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var buffer = new MemoryStream();
        WriteAsync(data, buffer).GetAwaiter().GetResult();
        AtomicFile.Write(path, stream =>
        {
            buffer.Position = 0;
            buffer.CopyTo(stream);
        });
    }

    private static async Task WriteAsync(TrajectoryDataset data, Stream stream)
    {
        var n = data.Count;
        var d = data.ObservationDimension;
        var ids = new long[n];
        var steps = new int[n];
        foreach (var ep in data.Episodes)
        {
            ids.AsSpan(ep.Start, ep.Length).Fill(ep.Id);
            for (var t = 0; t < ep.Length; t++)
            {
                steps[ep.Start + t] = t;
            }
        }

        var columns = new List<(DataField Field, Func<ParquetRowGroupWriter, DataField, Task> Write)>
        {
            Column(CsvColumnMapping.DefaultEpisodeId, ids),
            Column(CsvColumnMapping.DefaultStep, steps),
        };
        for (var i = 0; i < d; i++)
        {
            columns.Add(Column($"{CsvColumnMapping.DefaultObservationPrefix}{i}", Strided(data.Observations, i, d)));
        }

        if (data.ActionSpace.IsDiscrete)
        {
            columns.Add(Column(CsvColumnMapping.DefaultAction, Array.ConvertAll(data.DiscreteActions.ToArray(), a => (long)a)));
        }
        else
        {
            var k = data.ActionSpace.Dimension;
            for (var i = 0; i < k; i++)
            {
                columns.Add(Column($"{CsvColumnMapping.DefaultActionPrefix}{i}", Strided(data.ContinuousActions, i, k)));
            }
        }

        columns.Add(Column(CsvColumnMapping.DefaultReward, data.Rewards.ToArray()));
        columns.Add(Column(CsvColumnMapping.DefaultTerminal, data.IsTerminal.ToArray()));
        columns.Add(Column(CsvColumnMapping.DefaultTruncated, data.IsTruncated.ToArray()));
        if (data.HasNextObservations)
        {
            for (var i = 0; i < d; i++)
            {
                columns.Add(Column($"{CsvColumnMapping.DefaultNextObservationPrefix}{i}", Strided(data.NextObservations, i, d)));
            }
        }

        if (data.HasColumn(ColumnNames.BehaviorLogProbability))
        {
            columns.Add(Column(TabularLayout.ActionLogp, data.GetColumn(ColumnNames.BehaviorLogProbability).ToArray()));
        }

        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
        await using var writer = await ParquetWriter.CreateAsync(schema, stream).ConfigureAwait(false);
        var space = data.ActionSpace;
        writer.CustomMetadata = space.IsDiscrete
            ? new Dictionary<string, string> { [ParquetDatasetLoader.ActionCountKey] = space.Count.ToString(CultureInfo.InvariantCulture) }
            : space.IsBounded
                ? new Dictionary<string, string>
                {
                    [ParquetDatasetLoader.ActionLowKey] = string.Join(',', space.Low!.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
                    [ParquetDatasetLoader.ActionHighKey] = string.Join(',', space.High!.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
                }
                : [];
        using var group = writer.CreateRowGroup();
        foreach (var (field, write) in columns)
        {
            await write(group, field).ConfigureAwait(false);
        }
    }

    private static (DataField, Func<ParquetRowGroupWriter, DataField, Task>) Column<T>(string name, T[] values)
        where T : struct =>
        (new DataField(name, typeof(T), isNullable: false), async (g, f) => await g.WriteAsync<T>(f, values.AsMemory()).ConfigureAwait(false));

    private static float[] Strided(ReadOnlySpan<float> values, int offset, int stride)
    {
        var result = new float[values.Length / stride];
        for (var r = 0; r < result.Length; r++)
        {
            result[r] = values[(r * stride) + offset];
        }

        return result;
    }
}
