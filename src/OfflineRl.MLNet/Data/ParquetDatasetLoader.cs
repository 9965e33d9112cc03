using System.Globalization;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace OfflineRl.MLNet.Data;

/// <summary>
/// Loads Parquet logs, one row per step, through Parquet.Net (managed): RLlib's offline columns (<c>obs, new_obs, actions,
/// rewards, terminateds, truncateds, eps_id</c>, optional <c>t</c> and <c>action_logp</c>), or any table with an episode id
/// column named by a <see cref="CsvColumnMapping"/> (default names as the CSV loader's; an observation or action role may
/// also be one list column). A folder is read as its <c>*.parquet</c> files in name order (Spark's and DuckDB's part files).
/// </summary>
/// <remarks>
/// <c>terminateds</c> are read as terminal and <c>truncateds</c> as truncated; RLlib's <c>action_logp</c> becomes the
/// <see cref="ColumnNames.BehaviorLogProbability"/> column. Rows must come episode by episode (sort with
/// <c>ORDER BY eps_id, t</c> when exporting). Files written by <see cref="ParquetDatasetWriter"/> carry the declared action
/// space in their key-value metadata.
/// </remarks>
public static class ParquetDatasetLoader
{
    /// <summary>Key-value metadata key under which the writer stores the discrete action count.</summary>
    internal const string ActionCountKey = "offlinerl.action_count";

    /// <summary>Key-value metadata keys under which the writer stores declared continuous bounds.</summary>
    internal const string ActionLowKey = "offlinerl.action_low";

    /// <inheritdoc cref="ActionLowKey"/>
    internal const string ActionHighKey = "offlinerl.action_high";

    /// <summary>The four bytes a Parquet file starts and ends with.</summary>
    internal static ReadOnlySpan<byte> Magic => "PAR1"u8;

    /// <summary>Loads and validates the Parquet file, or folder of Parquet files, at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">When nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="DatasetValidationException">Listing every problem found.</exception>
    public static TrajectoryDataset Load(string path, CsvColumnMapping? mapping = null, DatasetLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var source = options?.SourceName ?? path;
        string[] files;
        if (Directory.Exists(path) && MinariFolder(path) is { } minari)
        {
            return FromMinari(minari, source, options);
        }

        if (Directory.Exists(path))
        {
            files = [.. Directory.GetFiles(path, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
            if (files.Length == 0)
            {
                throw new DatasetValidationException(source, ["the folder holds no *.parquet files"]);
            }
        }
        else if (File.Exists(path))
        {
            files = [path];
        }
        else
        {
            throw new FileNotFoundException($"{path}: file not found", path);
        }

        var tables = new List<(string Name, Table Table)>();
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            var name = files.Length == 1 ? source : Path.GetRelativePath(path, file);
            tables.Add((name, Read(stream, files.Length == 1 ? source : $"{source}: {name}")));
        }

        return FromTables(tables, source, mapping, options);
    }

    /// <summary>The data folder of a Minari dataset in its parquet storage (metadata.json saying data_format "parquet"), if <paramref name="path"/> is one.</summary>
    private static string? MinariFolder(string path)
    {
        foreach (var folder in new[] { Path.Combine(path, "data"), path })
        {
            var metadata = Path.Combine(folder, Hdf5DatasetLoader.MinariMetadataFile);
            if (File.Exists(metadata) && new FileInfo(metadata).Length <= Hdf5DatasetLoader.MaxMetadataBytes &&
                File.ReadAllText(metadata).Contains("\"data_format\": \"parquet\"", StringComparison.Ordinal))
            {
                return folder;
            }
        }

        return null;
    }

    /// <summary>
    /// Minari's parquet storage: one folder per episode (named by its id, or <c>episode_id=id</c>) of part files whose
    /// per-step columns are padded to N + 1 rows (<c>observations</c> holds N + 1; the last row of <c>actions, rewards,
    /// terminations, truncations</c> is padding and is dropped).
    /// </summary>
    private static TrajectoryDataset FromMinari(string folder, string source, DatasetLoadOptions? options)
    {
        var metadata = Hdf5DatasetLoader.ParseMetadata(File.ReadAllText(Path.Combine(folder, Hdf5DatasetLoader.MinariMetadataFile)), source, "parquet");
        var episodes = new List<(long Id, string Path)>();
        foreach (var dir in Directory.GetDirectories(folder))
        {
            var name = Path.GetFileName(dir);
            var digits = name.StartsWith("episode_id=", StringComparison.Ordinal) ? name["episode_id=".Length..] : name;
            if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                episodes.Add((id, dir));
            }
        }

        episodes.Sort((a, b) => a.Id.CompareTo(b.Id));
        var errors = new List<string>();
        var gathered = new MinariSteps();
        var (obs, next, actions, rewards) = (gathered.Observations, gathered.NextObservations, gathered.Actions, gathered.Rewards);
        var (terminals, truncations, ids) = (gathered.Terminations, gathered.Truncations, gathered.EpisodeIds);
        int? obsWidth = null, actWidth = null;
        var integerActions = false;
        foreach (var (id, dir) in episodes)
        {
            var parts = Directory.GetFiles(dir, "*.parquet").Order(StringComparer.Ordinal).ToArray();
            var where = $"episode {id} ({Path.GetFileName(dir)})";
            if (parts.Length == 0)
            {
                errors.Add($"{where}: no *.parquet file");
                continue;
            }

            List<TabularColumn>? columns = null;
            foreach (var part in parts)
            {
                using var stream = File.OpenRead(part);
                var table = Read(stream, $"{source}: {Path.GetRelativePath(folder, part)}").Columns;
                if (columns is null)
                {
                    columns = table;
                    continue;
                }

                foreach (var c in columns)
                {
                    Append(c, table.FirstOrDefault(t => t.Name == c.Name) ?? throw new DatasetValidationException(source, [$"{where}: {Path.GetFileName(part)} has no column '{c.Name}'"]), part, source);
                }
            }

            var byName = columns!.ToDictionary(c => c.Name, StringComparer.Ordinal);
            var missing = new[] { "observations", "actions", "rewards", "terminations", "truncations" }.Where(n => !byName.ContainsKey(n)).ToList();
            if (missing.Count > 0)
            {
                errors.Add($"{where}: missing {string.Join(", ", missing.Select(n => $"column '{n}'"))}");
                continue;
            }

            var o = byName["observations"];
            var a = byName["actions"];
            var rows = o.Rows;
            var shape = new List<string>();
            foreach (var c in new[] { o, a, byName["rewards"] })
            {
                if (!c.IsNumber)
                {
                    shape.Add($"{where}: column '{c.Name}' holds {c.TypeName}; numbers are needed (Dict and Tuple spaces are not read)");
                }
            }

            foreach (var c in new[] { byName["terminations"], byName["truncations"] })
            {
                if (c.Flags is null)
                {
                    shape.Add($"{where}: column '{c.Name}' holds {c.TypeName}; booleans are needed");
                }
            }

            if (shape.Count == 0)
            {
                foreach (var c in columns!.Where(c => c.Name is "actions" or "rewards" or "terminations" or "truncations"))
                {
                    if (c.Rows != rows)
                    {
                        shape.Add($"{where}: column '{c.Name}' has {c.Rows} rows but observations has {rows}; Minari's parquet storage pads every per-step column to N + 1 rows");
                    }
                }

                if (rows < 2)
                {
                    shape.Add($"{where}: {rows} observation rows; an episode of N ≥ 1 steps has N + 1");
                }

                if (obsWidth is not null && (o.Width != obsWidth || a.Width != actWidth || a.Integers is not null != integerActions))
                {
                    shape.Add($"{where}: observations of {o.Width} and actions of {a.Width} values per step differ from earlier episodes' ({obsWidth} and {actWidth})");
                }
            }

            if (shape.Count > 0)
            {
                errors.AddRange(shape);
                continue;
            }

            var n = rows - 1;
            obsWidth ??= o.Width;
            actWidth ??= a.Width;
            integerActions = a.Integers is not null;
            var ov = o.ToFloats();
            obs.AddRange(ov.AsSpan(0, n * o.Width));
            next.AddRange(ov.AsSpan(o.Width, n * o.Width));
            actions.AddRange(a.ToDoubles().AsSpan(0, n * a.Width));
            rewards.AddRange(byName["rewards"].ToFloats().AsSpan(0, n));
            terminals.AddRange(byName["terminations"].Flags!.Take(n));
            truncations.AddRange(byName["truncations"].Flags!.Take(n));
            ids.AddRange(Enumerable.Repeat(id, n));
        }

        if (metadata.TotalEpisodes is { } total && total != episodes.Count)
        {
            errors.Add($"{Hdf5DatasetLoader.MinariMetadataFile} says total_episodes is {total} but the folder holds {episodes.Count} episode folders");
        }

        if (errors.Count == 0 && metadata.TotalSteps is { } steps && steps != rewards.Count)
        {
            errors.Add($"{Hdf5DatasetLoader.MinariMetadataFile} says total_steps is {steps} but the episodes hold {rewards.Count} steps");
        }

        if (errors.Count == 0 && episodes.Count == 0)
        {
            errors.Add("the Minari folder holds no episode folders");
        }

        if (errors.Count > 0)
        {
            throw new DatasetValidationException(source, errors);
        }

        var raw = gathered.ToColumns(source, metadata, obsWidth, actWidth, integerActions);
        raw.Notes.AddRange(metadata.Notes);
        return DatasetValidator.Validate(raw, options);
    }

    /// <summary>Loads the Parquet bytes in <paramref name="stream"/> (seekable); <paramref name="source"/> names them in messages.</summary>
    internal static TrajectoryDataset Load(Stream stream, string source, CsvColumnMapping? mapping, DatasetLoadOptions? options) =>
        FromTables([(source, Read(stream, source))], source, mapping, options);

    private static TrajectoryDataset FromTables(List<(string Name, Table Table)> tables, string source, CsvColumnMapping? mapping, DatasetLoadOptions? options)
    {
        var first = tables[0].Table;
        for (var i = 1; i < tables.Count; i++)
        {
            var other = tables[i].Table;
            var a = string.Join(", ", first.Columns.Select(c => $"{c.Name} {c.TypeName}"));
            var b = string.Join(", ", other.Columns.Select(c => $"{c.Name} {c.TypeName}"));
            if (a != b)
            {
                throw new DatasetValidationException(source, [$"{tables[i].Name} has columns ({b}) but {tables[0].Name} has ({a}); every file needs the same columns"]);
            }

            for (var c = 0; c < first.Columns.Count; c++)
            {
                Append(first.Columns[c], other.Columns[c], tables[i].Name, source);
            }
        }

        var raw = TabularLayout.Build(first.Columns, source, mapping, options, first.ActionCount, first.ActionLow, first.ActionHigh);
        return DatasetValidator.Validate(raw, options);
    }

    private static void Append(TabularColumn to, TabularColumn from, string file, string source)
    {
        if (to.Width != from.Width)
        {
            throw new DatasetValidationException(source, [$"{file}: list column '{from.Name}' holds {from.Width} values per row but the first file's holds {to.Width}"]);
        }

        to.Floats?.AddRange(from.Floats!);
        to.Integers?.AddRange(from.Integers!);
        to.Flags?.AddRange(from.Flags!);
        to.Texts?.AddRange(from.Texts!);
    }

    /// <summary>A file's columns and the action space its metadata declares.</summary>
    private sealed record Table(List<TabularColumn> Columns, int? ActionCount, float[]? ActionLow, float[]? ActionHigh);

    private static Table Read(Stream stream, string source)
    {
        var length = stream.Length - stream.Position;
        Span<byte> head = stackalloc byte[4];
        var start = stream.Position;
        if (length < 12 || stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4 || !head.SequenceEqual(Magic))
        {
            throw new DatasetValidationException(source, ["not a Parquet file (it does not start with PAR1)"]);
        }

        stream.Position = start + length - 4;
        if (stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4 || !head.SequenceEqual(Magic))
        {
            throw new DatasetValidationException(source, ["not a complete Parquet file (it does not end with PAR1: truncated?)"]);
        }

        stream.Position = start;
        var dataEnd = ParquetFooter.Check(stream, length, source);
        var at = "";
        try
        {
            return ReadAsync(stream, source, length, dataEnd, s => at = s).GetAwaiter().GetResult();
        }
        catch (DatasetValidationException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // Parquet.Net reports damaged metadata and pages with many exception types; each becomes the library's answer.
            throw new DatasetValidationException(
                $"{source}: not a readable Parquet file{(at.Length > 0 ? $" at {at}" : "")} ({ex.GetType().Name}: {ex.Message.Split('\n')[0].Trim()})", ex);
        }
    }

    private static async Task<Table> ReadAsync(Stream stream, string source, long length, long dataEnd, Action<string> where)
    {
        await using var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true).ConfigureAwait(false);
        ParquetPages.Check(stream, dataEnd, reader.Metadata!, source);
        var columns = new List<(Field Field, DataField Data, TabularColumn Column)>();
        var rowGroups = reader.RowGroups;
        long totalRows = 0;
        foreach (var rg in rowGroups)
        {
            totalRows += rg.RowCount;
        }

        if (totalRows is < 0 or > int.MaxValue)
        {
            throw new DatasetValidationException(source, [$"the file's metadata claims {totalRows} rows, more than {int.MaxValue}; refused before reading"]);
        }

        foreach (var field in reader.Schema.Fields)
        {
            var (data, isList) = field switch
            {
                DataField d => (d, false),
                ListField { Item: DataField item } => (item, true),
                _ => (null, false),
            };
            var typeName = data is null ? field.SchemaType.ToString().ToLowerInvariant() : (isList ? $"list<{TypeName(data.ClrType)}>" : TypeName(data.ClrType));
            var kind = data is null ? Kind.Other : KindOf(data.ClrType);
            var column = new TabularColumn
            {
                Name = field.Name,
                TypeName = typeName,
                IsList = isList,
                Width = isList ? -1 : 1,
                Floats = kind == Kind.Float ? [] : null,
                Integers = kind == Kind.Integer ? [] : null,
                Flags = kind == Kind.Flag && !isList ? [] : null,
                Texts = kind == Kind.Text && !isList ? [] : null,
            };
            columns.Add((field, data!, column));
        }

        foreach (var rg in rowGroups)
        {
            foreach (var (field, data, column) in columns)
            {
                if (data is null || (column.Flags is null && column.Texts is null && !column.IsNumber))
                {
                    continue;
                }

                where($"column '{field.Name}'");
                var chunk = rg.GetMetadata(data)?.MetaData;
                if (chunk is not null && (chunk.TotalCompressedSize > length || chunk.TotalUncompressedSize is < 0 or > int.MaxValue))
                {
                    throw new DatasetValidationException(source,
                        [$"column '{field.Name}': the metadata claims {chunk.TotalCompressedSize} bytes stored ({chunk.TotalUncompressedSize} uncompressed) in a {length}-byte file; refused before reading"]);
                }

                using var raw = await rg.ReadRawColumnDataBaseAsync(data).ConfigureAwait(false);
                AppendRowGroup(column, data, raw, (int)rg.RowCount, source);
            }
        }

        where("");
        foreach (var (_, _, column) in columns)
        {
            if (column.IsList && column.Width < 0)
            {
                column.Width = 0;
            }
        }

        var meta = reader.CustomMetadata;
        int? count = meta.TryGetValue(ActionCountKey, out var c) && int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : null;
        var low = meta.TryGetValue(ActionLowKey, out var l) ? Floats(l) : null;
        var high = meta.TryGetValue(ActionHighKey, out var h) ? Floats(h) : null;
        return new Table([.. columns.Select(x => x.Column)], count, low, high);
    }

    private static float[]? Floats(string text)
    {
        var parts = text.Split(',');
        var values = new float[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                return null;
            }
        }

        return values;
    }

    private static void AppendRowGroup(TabularColumn column, DataField data, RawColumnData raw, int rows, string source)
    {
        var maxDef = data.MaxDefinitionLevel;
        var defs = maxDef > 0 ? raw.DefinitionLevels : default;
        var reps = data.MaxRepetitionLevel > 0 ? raw.RepetitionLevels : default;
        var entries = maxDef > 0 ? defs.Length : rows;
        var row = column.Rows;
        if (maxDef > 0)
        {
            for (var i = 0; i < defs.Length; i++)
            {
                if (defs[i] < maxDef)
                {
                    var r = reps.IsEmpty ? i : CountRowStarts(reps[..(i + 1)]) - 1;
                    throw new DatasetValidationException(source,
                        [$"column '{column.Name}', row {row + r + 1}: {(column.IsList ? "a null or empty list, or a null element" : "null")}; every step needs a value"]);
                }
            }
        }

        if (column.IsList)
        {
            var starts = CountRowStarts(reps);
            if (starts != rows)
            {
                throw new DatasetValidationException(source, [$"column '{column.Name}': {starts} lists for {rows} rows"]);
            }

            var width = rows == 0 ? column.Width : entries / rows;
            var r = -1;
            var inRow = 0;
            for (var i = 0; i < reps.Length; i++)
            {
                if (reps[i] == 0)
                {
                    if (r >= 0 && inRow != width)
                    {
                        throw new DatasetValidationException(source, [$"column '{column.Name}', row {row + r + 1}: a list of {inRow} values where the others hold {width}"]);
                    }

                    r++;
                    inRow = 0;
                }

                inRow++;
            }

            if (r >= 0 && inRow != width)
            {
                throw new DatasetValidationException(source, [$"column '{column.Name}', row {row + r + 1}: a list of {inRow} values where the others hold {width}"]);
            }

            if (column.Width >= 0 && rows > 0 && width != column.Width)
            {
                throw new DatasetValidationException(source, [$"column '{column.Name}': lists of {width} values in one row group but {column.Width} in an earlier one"]);
            }

            if (rows > 0)
            {
                column.Width = width;
            }
        }

        switch (raw)
        {
            case RawColumnData<float> f: column.Floats!.AddRange(f.Values); break;
            case RawColumnData<double> d: foreach (var v in d.Values) { column.Floats!.Add((float)v); } break;
            case RawColumnData<decimal> m: foreach (var v in m.Values) { column.Floats!.Add((float)v); } break;
            case RawColumnData<int> i: foreach (var v in i.Values) { column.Integers!.Add(v); } break;
            case RawColumnData<long> l: column.Integers!.AddRange(l.Values); break;
            case RawColumnData<short> s: foreach (var v in s.Values) { column.Integers!.Add(v); } break;
            case RawColumnData<sbyte> sb: foreach (var v in sb.Values) { column.Integers!.Add(v); } break;
            case RawColumnData<byte> b: foreach (var v in b.Values) { column.Integers!.Add(v); } break;
            case RawColumnData<ushort> us: foreach (var v in us.Values) { column.Integers!.Add(v); } break;
            case RawColumnData<uint> ui: foreach (var v in ui.Values) { column.Integers!.Add(v); } break;
            case RawColumnData<bool> fl: column.Flags!.AddRange(fl.Values); break;
            case RawColumnData<ReadOnlyMemory<char>> t: foreach (var v in t.Values) { column.Texts!.Add(v.ToString()); } break;
            default: throw new DatasetValidationException(source, [$"column '{column.Name}': {raw.GetType().Name} values are not supported"]);
        }
    }

    private static int CountRowStarts(ReadOnlySpan<int> reps)
    {
        var n = 0;
        foreach (var r in reps)
        {
            n += r == 0 ? 1 : 0;
        }

        return n;
    }

    private enum Kind
    {
        Float,
        Integer,
        Flag,
        Text,
        Other,
    }

    private static Kind KindOf(Type t) =>
        t == typeof(float) || t == typeof(double) || t == typeof(decimal) ? Kind.Float
        : t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(sbyte) || t == typeof(byte) || t == typeof(ushort) || t == typeof(uint) ? Kind.Integer
        : t == typeof(bool) ? Kind.Flag
        : t == typeof(string) || t == typeof(ReadOnlyMemory<char>) ? Kind.Text
        : Kind.Other;

    private static string TypeName(Type t) =>
        t == typeof(float) ? "float" : t == typeof(double) ? "double" : t == typeof(decimal) ? "decimal" : t == typeof(int) ? "int32" : t == typeof(long) ? "int64"
        : t == typeof(bool) ? "boolean" : t == typeof(string) || t == typeof(ReadOnlyMemory<char>) ? "string" : t.Name.ToLowerInvariant();
}
