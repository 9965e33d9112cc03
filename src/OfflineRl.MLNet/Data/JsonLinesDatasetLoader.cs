using System.Text.Json;

namespace OfflineRl.MLNet.Data;

/// <summary>
/// Loads JSON lines: RLlib's SampleBatch JSON (each line an object <c>{"type": "SampleBatch", "obs": [[…], …], "actions": […],
/// "rewards": […], "dones": […], "eps_id": […], "new_obs": …, "t": …, "action_logp" or "action_prob": …}</c> holding a batch
/// of steps column by column), or an event log of one flat object per step (numbers, booleans, text, or arrays of numbers).
/// Roles are assigned as for Parquet: RLlib's names when the lines have <c>obs</c> and <c>rewards</c>, else a
/// <see cref="CsvColumnMapping"/>.
/// </summary>
/// <remarks>
/// RLlib's <c>dones</c> marks an episode's last step without saying whether the MDP ended or a time limit cut it, so
/// <see cref="DatasetLoadOptions.MissingEndFlags"/> decides (refused when it says nothing); an episode whose last step is not
/// done was cut by the log and is truncated. <c>action_logp</c>, or the log of <c>action_prob</c>, becomes
/// <see cref="ColumnNames.BehaviorLogProbability"/>.
/// </remarks>
public static class JsonLinesDatasetLoader
{
    /// <summary>Loads and validates the JSON lines file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">When the file does not exist.</exception>
    /// <exception cref="DatasetValidationException">Listing every problem found, with its line.</exception>
    public static TrajectoryDataset Load(string path, CsvColumnMapping? mapping = null, DatasetLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: file not found", path);
        }

        using var reader = new StreamReader(path);
        return Load(reader, options?.SourceName ?? path, mapping, options);
    }

    /// <summary>Loads JSON lines from <paramref name="reader"/>; <paramref name="source"/> names them in messages.</summary>
    /// <exception cref="DatasetValidationException">Listing every problem found, with its line.</exception>
    internal static TrajectoryDataset Load(TextReader reader, string source, CsvColumnMapping? mapping, DatasetLoadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var columns = new Dictionary<string, Builder>(StringComparer.Ordinal);
        var order = new List<string>();
        var rows = 0;
        var lineNumber = 0;
        var errors = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"line {lineNumber}: a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");
                    continue;
                }

                var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (type == "MultiAgentBatch")
                {
                    errors.Add($"line {lineNumber}: a MultiAgentBatch; only single-agent SampleBatch lines are read (export one policy's batch)");
                    continue;
                }

                var batch = type == "SampleBatch";
                var added = batch ? BatchRows(root, lineNumber, errors) : 1;
                if (added < 0)
                {
                    continue;
                }

                foreach (var property in root.EnumerateObject())
                {
                    if (property.Name == "type")
                    {
                        continue;
                    }

                    if (!columns.TryGetValue(property.Name, out var column))
                    {
                        column = new Builder(property.Name, rows);
                        columns[property.Name] = column;
                        order.Add(property.Name);
                    }

                    if (batch)
                    {
                        foreach (var value in property.Value.EnumerateArray())
                        {
                            column.Add(value, lineNumber);
                        }
                    }
                    else
                    {
                        column.Add(property.Value, lineNumber);
                    }
                }

                rows += added;
                foreach (var column in columns.Values)
                {
                    column.PadTo(rows, lineNumber);
                }
            }
            catch (JsonException ex)
            {
                errors.Add($"line {lineNumber}: not valid JSON ({ex.Message.Split('.')[0]})");
            }

            if (errors.Count >= 200)
            {
                break;
            }
        }

        if (errors.Count == 0 && rows == 0)
        {
            errors.Add("the file holds no JSON lines");
        }

        errors.AddRange(columns.Values.SelectMany(c => c.Errors).Take(200));
        if (errors.Count > 0)
        {
            throw new DatasetValidationException(source, errors);
        }

        var table = order.Select(n => columns[n].Build()).ToList();
        if (!columns.ContainsKey(TabularLayout.ActionLogp) && columns.TryGetValue("action_prob", out var prob) && columns.ContainsKey("obs"))
        {
            var p = prob.Build();
            if (p.Floats is not null && p.Width == 1)
            {
                var logs = p.Floats.Select(v => MathF.Log(v)).ToList();
                table.Add(new TabularColumn { Name = TabularLayout.ActionLogp, TypeName = "log(action_prob)", Floats = logs });
            }
        }

        var raw = TabularLayout.Build(table, source, mapping, options);
        return DatasetValidator.Validate(raw, options);
    }

    /// <summary>The rows of one SampleBatch line: every array property has the same length.</summary>
    private static int BatchRows(JsonElement root, int line, List<string> errors)
    {
        var rows = -1;
        string? first = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name == "type")
            {
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"line {line}: SampleBatch column '{property.Name}' is a {property.Value.ValueKind.ToString().ToLowerInvariant()}, not an array of per-step values");
                return -1;
            }

            var n = property.Value.GetArrayLength();
            if (rows < 0)
            {
                (rows, first) = (n, property.Name);
            }
            else if (n != rows)
            {
                errors.Add($"line {line}: SampleBatch column '{property.Name}' has {n} values but '{first}' has {rows}; every column needs one per step");
                return -1;
            }
        }

        return Math.Max(rows, 0);
    }

    /// <summary>One column as it is read: numbers (integral or not), flags, text, or fixed-length arrays of numbers.</summary>
    private sealed class Builder(string name, int missingRows)
    {
        private readonly List<double> _numbers = [];
        private readonly List<long> _longs = [];
        private readonly List<bool> _flags = [];
        private readonly List<string> _texts = [];
        private JsonValueKind? _kind;
        private int _width = -1;
        private bool _fraction;
        private bool _other;
        private int _rows;

        public List<string> Errors { get; } = missingRows > 0 ? [$"column '{name}' first appears after {missingRows} rows; every row needs it"] : [];

        public void Add(JsonElement value, int line)
        {
            _rows++;
            var kind = value.ValueKind is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : value.ValueKind;
            _kind ??= kind;
            if (kind != _kind)
            {
                if (Errors.Count < 10)
                {
                    Errors.Add($"line {line}: column '{name}' holds a {Name(value.ValueKind)} where earlier rows hold a {Name(_kind.Value)}");
                }

                return;
            }

            switch (kind)
            {
                case JsonValueKind.Number:
                    AddNumber(value);
                    break;
                case JsonValueKind.True:
                    _flags.Add(value.GetBoolean());
                    break;
                case JsonValueKind.String:
                    _texts.Add(value.GetString()!);
                    break;
                case JsonValueKind.Array:
                    var n = value.GetArrayLength();
                    if (_width >= 0 && n != _width)
                    {
                        if (Errors.Count < 10)
                        {
                            Errors.Add($"line {line}: column '{name}' holds an array of {n} values where earlier rows hold {_width}");
                        }

                        return;
                    }

                    _width = n;
                    foreach (var v in value.EnumerateArray())
                    {
                        if (v.ValueKind == JsonValueKind.Number)
                        {
                            AddNumber(v);
                        }
                        else
                        {
                            _other = true;
                            _numbers.Add(double.NaN);
                            _longs.Add(0);
                        }
                    }

                    break;
                default:
                    _other = true;
                    break;
            }
        }

        public void PadTo(int rows, int line)
        {
            if (_rows < rows && Errors.Count < 10)
            {
                Errors.Add($"line {line}: column '{name}' is missing ({_rows} values for {rows} rows)");
                _rows = rows;
            }
        }

        public TabularColumn Build()
        {
            if (_other || _kind is null or JsonValueKind.Null or JsonValueKind.Object)
            {
                return new TabularColumn { Name = name, TypeName = _kind is JsonValueKind.Array ? "nested arrays" : Name(_kind ?? JsonValueKind.Null) };
            }

            return _kind switch
            {
                JsonValueKind.True => new TabularColumn { Name = name, TypeName = "boolean", Flags = _flags },
                JsonValueKind.String => new TabularColumn { Name = name, TypeName = "string", Texts = _texts },
                _ => new TabularColumn
                {
                    Name = name,
                    TypeName = (_kind == JsonValueKind.Array ? "array of " : "") + (_fraction ? "numbers" : "integers"),
                    IsList = _kind == JsonValueKind.Array,
                    Width = _kind == JsonValueKind.Array ? _width : 1,
                    Floats = _fraction ? [.. _numbers.Select(v => (float)v)] : null,
                    Integers = _fraction ? null : _longs,
                },
            };
        }

        private void AddNumber(JsonElement value)
        {
            long whole = 0;
            var integral = value.GetRawText().AsSpan().IndexOfAny(".eE") < 0 && value.TryGetInt64(out whole);
            _fraction |= !integral;
            _longs.Add(integral ? whole : 0);
            _numbers.Add(value.TryGetDouble(out var d) ? d : double.NaN);
        }

        private static string Name(JsonValueKind kind) => kind switch
        {
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => "number",
            JsonValueKind.String => "string",
            JsonValueKind.Array => "array",
            JsonValueKind.Object => "object",
            _ => "null",
        };
    }
}
