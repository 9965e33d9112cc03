using System.Globalization;
using System.Text;

namespace OfflineRl.MLNet.Data;

/// <summary>Writes a dataset as long-format CSV with the default <see cref="CsvColumnMapping"/> names.</summary>
public static class CsvDatasetWriter
{
    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/> atomically; floats round-trip exactly.</summary>
    public static void Write(TrajectoryDataset data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        AtomicFile.Write(path, stream =>
        {
            using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            Write(data, w);
        });
    }

    /// <summary>Writes <paramref name="data"/> as CSV text to <paramref name="writer"/>.</summary>
    public static void Write(TrajectoryDataset data, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(writer);
        var d = data.ObservationDimension;
        var discrete = data.ActionSpace.IsDiscrete;
        var a = data.ActionSpace.Dimension;
        var cols = new List<string> { CsvColumnMapping.DefaultEpisodeId, CsvColumnMapping.DefaultStep };
        cols.AddRange(Enumerable.Range(0, d).Select(i => $"{CsvColumnMapping.DefaultObservationPrefix}{i}"));
        cols.AddRange(discrete ? [CsvColumnMapping.DefaultAction] : Enumerable.Range(0, a).Select(i => $"{CsvColumnMapping.DefaultActionPrefix}{i}"));
        cols.AddRange([CsvColumnMapping.DefaultReward, CsvColumnMapping.DefaultTerminal, CsvColumnMapping.DefaultTruncated]);
        if (data.HasNextObservations)
        {
            cols.AddRange(Enumerable.Range(0, d).Select(i => $"{CsvColumnMapping.DefaultNextObservationPrefix}{i}"));
        }

        writer.WriteLine(string.Join(',', cols));
        var sb = new StringBuilder();
        foreach (var ep in data.Episodes)
        {
            for (var r = ep.Start; r < ep.End; r++)
            {
                sb.Clear();
                sb.Append(ep.Id.ToString(CultureInfo.InvariantCulture)).Append(',').Append((r - ep.Start).ToString(CultureInfo.InvariantCulture));
                foreach (var v in data.GetObservation(r))
                {
                    sb.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
                }

                if (discrete)
                {
                    sb.Append(',').Append(data.DiscreteActions[r].ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    foreach (var v in data.GetContinuousAction(r))
                    {
                        sb.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
                    }
                }

                sb.Append(',').Append(data.Rewards[r].ToString("R", CultureInfo.InvariantCulture))
                    .Append(',').Append(data.IsTerminal[r] ? '1' : '0')
                    .Append(',').Append(data.IsTruncated[r] ? '1' : '0');
                if (data.HasNextObservations)
                {
                    foreach (var v in data.NextObservations.Slice(r * d, d))
                    {
                        sb.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
                    }
                }

                writer.WriteLine(sb);
            }
        }
    }
}
