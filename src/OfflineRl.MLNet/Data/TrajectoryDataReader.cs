using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace OfflineRl.MLNet.Data;

/// <summary>
/// Reads any <see cref="IDataView"/> with the trajectory columns into a validated <see cref="TrajectoryDataset"/> through
/// the one validation path every loader shares. Checks of column presence and type name the role, the column and the
/// type found, both on a schema (fit time) and on a <see cref="SchemaShape"/> (pipeline construction).
/// </summary>
internal static class TrajectoryDataReader
{
    /// <summary>The derived per-step columns carried from the input into the dataset when present as Single.</summary>
    private static readonly string[] Carried = [ColumnNames.ReturnToGo, ColumnNames.Advantage, ColumnNames.Weight, ColumnNames.TrajectoryReturn];

    private enum Role
    {
        EpisodeId,
        Step,
        Observation,
        Action,
        Reward,
        IsTerminal,
        IsTruncated,
        NextObservation,
    }

    // Views are immutable, so a view read once (or made by a step of this library from a dataset it holds) reads the same
    // again: a chain of this library's steps over an ML.NET view reads the view's rows through a cursor once.
    private static readonly ConditionalWeakTable<IDataView, StrongBox<(string Key, TrajectoryDataset Data)>> Known = new();

    /// <summary>The dataset behind <paramref name="data"/>: the view itself when it is one with default columns, else read row by row.</summary>
    public static TrajectoryDataset Read(IDataView data, TrajectoryColumnOptions columns, string source)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data is TrajectoryDataset ready && columns.IsDefault)
        {
            return ready;
        }

        var key = KeyOf(columns, source);
        if (Known.TryGetValue(data, out var known) && known.Value.Key == key)
        {
            return known.Value.Data;
        }

        var read = ReadView(data, columns, source);
        Known.AddOrUpdate(data, new((key, read)));
        return read;
    }

    /// <summary>Records that <paramref name="view"/> reads as <paramref name="data"/> under <paramref name="columns"/>.</summary>
    public static void Remember(IDataView view, TrajectoryColumnOptions columns, TrajectoryDataset data) =>
        Known.AddOrUpdate(view, new((KeyOf(columns, TrajectoryTransformerSource), data)));

    /// <summary>The source name steps of this library give views they did not load (see <c>TrajectoryTransformer.SourceOf</c>).</summary>
    internal const string TrajectoryTransformerSource = "IDataView input";

    private static string KeyOf(TrajectoryColumnOptions c, string source)
    {
        var l = c.LoadOptions;
        var load = l is null ? "" : string.Join("|", l.UnterminatedEpisodes, l.MissingEndFlags, l.TimeLimit, l.DiscreteActionCount,
            l.ActionLow is null ? "" : string.Join(",", l.ActionLow), l.ActionHigh is null ? "" : string.Join(",", l.ActionHigh), l.ActionKind, l.SourceName, l.MaxErrors);
        return string.Join("\u0001", source, c.EpisodeIdColumnName, c.StepColumnName, c.ObservationColumnName, c.ActionColumnName, c.RewardColumnName,
            c.IsTerminalColumnName, c.IsTruncatedColumnName, c.NextObservationColumnName, load);
    }

    private static TrajectoryDataset ReadView(IDataView data, TrajectoryColumnOptions columns, string source)
    {
        var schema = data.Schema;
        var found = new DataViewSchema.Column?[8];
        var problems = new List<string>();
        foreach (var role in Enum.GetValues<Role>())
        {
            var name = NameOf(role, columns);
            var column = schema.GetColumnOrNull(name);
            if (column is null)
            {
                if (IsRequired(role, columns))
                {
                    problems.Add(Missing(role, name, schema.Where(c => !c.IsHidden).Select(c => c.Name)));
                }

                continue;
            }

            var shape = Describe(column.Value.Type);
            if (!Accepts(role, shape))
            {
                problems.Add(WrongType(role, name, column.Value.Type.ToString() ?? column.Value.Type.RawType.Name));
                continue;
            }

            found[(int)role] = column;
        }

        if (problems.Count > 0)
        {
            throw new ArgumentOutOfRangeException(nameof(data), string.Join(Environment.NewLine, problems));
        }

        var carried = Carried.Select(name => schema.GetColumnOrNull(name))
            .Where(c => c is { } column && column.Type == NumberDataViewType.Single).Select(c => c!.Value).ToArray();
        return ReadRows(data, found!, carried, columns, source);
    }

    /// <summary>Checks at pipeline construction that <paramref name="input"/> has every required role with an accepted type.</summary>
    public static void CheckShape(SchemaShape input, TrajectoryColumnOptions columns)
    {
        var problems = new List<string>();
        foreach (var role in Enum.GetValues<Role>())
        {
            var name = NameOf(role, columns);
            if (!ColumnShapes.TryFind(input, name, out var column))
            {
                if (IsRequired(role, columns))
                {
                    problems.Add(Missing(role, name, input.Select(c => c.Name)));
                }

                continue;
            }

            var shape = new ColumnShape(column.Kind switch
            {
                SchemaShape.Column.VectorKind.Scalar => ShapeKind.Scalar,
                SchemaShape.Column.VectorKind.Vector => ShapeKind.Vector,
                _ => ShapeKind.VariableVector,
            }, column.ItemType.RawType, column.IsKey);
            if (!Accepts(role, shape))
            {
                problems.Add(WrongType(role, name, $"{column.Kind} of {column.ItemType}{(column.IsKey ? " key" : "")}"));
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentOutOfRangeException(nameof(input), string.Join(Environment.NewLine, problems));
        }
    }

    private static string NameOf(Role role, TrajectoryColumnOptions c) => role switch
    {
        Role.EpisodeId => c.EpisodeIdColumnName,
        Role.Step => c.StepColumnName,
        Role.Observation => c.ObservationColumnName,
        Role.Action => c.ActionColumnName,
        Role.Reward => c.RewardColumnName,
        Role.IsTerminal => c.IsTerminalColumnName,
        Role.IsTruncated => c.IsTruncatedColumnName,
        _ => c.NextObservationColumnName,
    };

    private static bool IsRequired(Role role, TrajectoryColumnOptions c) => role switch
    {
        Role.EpisodeId or Role.Observation or Role.Action or Role.Reward => true,
        Role.IsTerminal => (c.LoadOptions?.MissingEndFlags ?? MissingEndFlagsAssumption.None) == MissingEndFlagsAssumption.None,
        _ => false,
    };

    private static string Missing(Role role, string name, IEnumerable<string> present) =>
        $"{role} role: the data has no column '{name}' (columns: {string.Join(", ", present)}); " +
        $"name the column that holds it with {role}ColumnName" +
        (role == Role.IsTerminal ? $", or say how episodes end with {nameof(TrajectoryColumnOptions.LoadOptions)}.{nameof(DatasetLoadOptions.MissingEndFlags)}." : ".");

    private static string WrongType(Role role, string name, string found) =>
        $"{role} role: column '{name}' is {found}; expected {Expected(role)}.";

    private static string Expected(Role role) => role switch
    {
        Role.EpisodeId => "an integer or text scalar",
        Role.Step => "an integer scalar",
        Role.Observation or Role.NextObservation => "a known-size vector of Single or Double (or one Single)",
        Role.Action => "an integer or key scalar (discrete), or Single, Double or a known-size vector of Single (continuous)",
        Role.Reward => "a Single or Double scalar",
        _ => "a Boolean scalar",
    };

    private enum ShapeKind
    {
        Scalar,
        Vector,
        VariableVector,
    }

    private readonly record struct ColumnShape(ShapeKind Kind, Type Raw, bool IsKey);

    private static ColumnShape Describe(DataViewType type) => type switch
    {
        VectorDataViewType v => new(v.IsKnownSize ? ShapeKind.Vector : ShapeKind.VariableVector, v.ItemType.RawType, v.ItemType is KeyDataViewType),
        KeyDataViewType k => new(ShapeKind.Scalar, k.RawType, true),
        _ => new(ShapeKind.Scalar, type.RawType, false),
    };

    private static bool IsInteger(Type t) =>
        t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(sbyte) ||
        t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort) || t == typeof(byte);

    private static bool IsFloat(Type t) => t == typeof(float) || t == typeof(double);

    private static bool Accepts(Role role, ColumnShape s) => role switch
    {
        Role.EpisodeId => s.Kind == ShapeKind.Scalar && (IsInteger(s.Raw) || s.Raw == typeof(ReadOnlyMemory<char>)),
        Role.Step => s.Kind == ShapeKind.Scalar && IsInteger(s.Raw),
        Role.Observation or Role.NextObservation => (s.Kind == ShapeKind.Vector && IsFloat(s.Raw)) || (s.Kind == ShapeKind.Scalar && s.Raw == typeof(float)),
        Role.Action => (s.Kind == ShapeKind.Scalar && (IsInteger(s.Raw) || IsFloat(s.Raw))) || (s.Kind == ShapeKind.Vector && s.Raw == typeof(float) && !s.IsKey),
        Role.Reward => s.Kind == ShapeKind.Scalar && IsFloat(s.Raw) && !s.IsKey,
        _ => s.Kind == ShapeKind.Scalar && s.Raw == typeof(bool),
    };

    /// <summary>
    /// One pass of one cursor over the rows, written straight into arrays (sized once when the view knows its row count):
    /// a database query or a transform chain behind the view runs once.
    /// </summary>
    private static TrajectoryDataset ReadRows(IDataView data, DataViewSchema.Column?[] found, DataViewSchema.Column[] carried, TrajectoryColumnOptions columns, string source)
    {
        var obsColumn = found[(int)Role.Observation]!.Value;
        var actColumn = found[(int)Role.Action]!.Value;
        var obsDim = Width(obsColumn.Type);
        var actDim = Width(actColumn.Type);
        var actionIsInteger = actColumn.Type is not VectorDataViewType && IsInteger(actColumn.Type.RawType);
        var actionIsKey = actColumn.Type is KeyDataViewType;
        var expected = data.GetRowCount();
        var ids = new RowStore<long>(1, expected);
        var steps = found[(int)Role.Step] is null ? null : new RowStore<long>(1, expected);
        var obs = new RowStore<float>(obsDim, expected);
        var next = found[(int)Role.NextObservation] is null ? null : new RowStore<float>(obsDim, expected);
        var actions = actionIsInteger ? new RowStore<double>(1, expected) : null;
        var singleActions = actionIsInteger ? null : new RowStore<float>(actDim, expected);
        var rewards = new RowStore<float>(1, expected);
        var terminals = found[(int)Role.IsTerminal] is null ? null : new RowStore<bool>(1, expected);
        var truncations = found[(int)Role.IsTruncated] is null ? null : new RowStore<bool>(1, expected);
        var extras = carried.Select(_ => new RowStore<float>(1, expected)).ToArray();
        var textIds = new Dictionary<string, long>(StringComparer.Ordinal);
        var errors = new List<string>();
        using (var cursor = data.GetRowCursor(found.Where(c => c is not null).Select(c => c!.Value).Concat(carried)))
        {
            var readId = IdReader(cursor, found[(int)Role.EpisodeId]!.Value, textIds);
            var readStep = found[(int)Role.Step] is { } sc ? IntegerReader(cursor, sc) : null;
            var readObs = VectorReader(cursor, obsColumn, obsDim);
            var readNext = found[(int)Role.NextObservation] is { } nc ? VectorReader(cursor, nc, obsDim) : null;
            var readAction = actionIsInteger ? null : VectorReader(cursor, actColumn, actDim);
            var readActionIndex = actionIsInteger ? IntegerReader(cursor, actColumn) : null;
            var readReward = DoubleReader(cursor, found[(int)Role.Reward]!.Value);
            var readTerminal = found[(int)Role.IsTerminal] is { } tc ? BoolReader(cursor, tc) : null;
            var readTruncated = found[(int)Role.IsTruncated] is { } uc ? BoolReader(cursor, uc) : null;
            var readExtras = carried.Select(c => Read<float, float>(cursor, c, v => v)).ToArray();
            while (cursor.MoveNext())
            {
                ids.Append()[0] = readId();
                if (steps is not null)
                {
                    steps.Append()[0] = readStep!();
                }

                readObs(obs.Append());
                if (next is not null)
                {
                    readNext!(next.Append());
                }

                if (readActionIndex is not null)
                {
                    var a = readActionIndex();
                    if (actionIsKey && a == 0)
                    {
                        errors.Add($"row {cursor.Position}: {columns.ActionColumnName} is a missing key value");
                    }

                    actions!.Append()[0] = actionIsKey ? a - 1 : a;
                }
                else
                {
                    readAction!(singleActions!.Append());
                }

                rewards.Append()[0] = (float)readReward();
                if (terminals is not null)
                {
                    terminals.Append()[0] = readTerminal!();
                }

                if (truncations is not null)
                {
                    truncations.Append()[0] = readTruncated!();
                }

                for (var i = 0; i < extras.Length; i++)
                {
                    extras[i].Append()[0] = readExtras[i]();
                }
            }
        }

        var rewardValues = rewards.ToArray();
        var terminalValues = terminals?.ToArray();
        var raw = new RawTrajectoryColumns
        {
            Source = source,
            ObservationDimension = obsDim,
            ActionDimension = actDim,
            Observations = obs.ToArray(),
            Actions = actions?.ToArray() ?? [],
            SingleActions = singleActions?.ToArray(),
            ActionsIntegerTyped = actionIsInteger,
            UndeclaredFloatActions = actionIsInteger || actDim != 1
                ? null
                : new FloatActionColumn($"column '{columns.ActionColumnName}'", $"{actColumn.Type}", "declare the column as an integer or key type",
                    $"{nameof(TrajectoryColumnOptions.LoadOptions)}.{nameof(DatasetLoadOptions.ActionKind)}"),
            Rewards = rewardValues,
            Terminals = terminalValues,
            Truncations = truncations?.ToArray() ?? (terminalValues is null ? null : new bool[rewardValues.Length]),
            NextObservations = next?.ToArray(),
            EpisodeIds = ids.ToArray(),
            Steps = steps?.ToArray(),
            Labels = new ColumnLabels
            {
                Observation = i => $"{columns.ObservationColumnName}[{i}]",
                NextObservation = i => $"{columns.NextObservationColumnName}[{i}]",
                Action = i => actDim == 1 && actColumn.Type is not VectorDataViewType ? columns.ActionColumnName : $"{columns.ActionColumnName}[{i}]",
                Reward = columns.RewardColumnName,
                Terminal = columns.IsTerminalColumnName,
                Truncated = columns.IsTruncatedColumnName,
                Step = columns.StepColumnName,
                EpisodeId = columns.EpisodeIdColumnName,
            },
        };
        raw.Errors.AddRange(errors);
        for (var i = 0; i < carried.Length; i++)
        {
            raw.ExtraColumns[carried[i].Name] = extras[i].ToArray();
        }

        if (textIds.Count > 0)
        {
            raw.Notes.Add($"episode ids in '{columns.EpisodeIdColumnName}' are text; messages number the episodes 0, 1, … in order of first appearance");
        }

        return DatasetValidator.Validate(raw, columns.LoadOptions);
    }

    private static int Width(DataViewType type) => type is VectorDataViewType v ? v.Size : 1;

    private static Func<long> IdReader(DataViewRowCursor cursor, DataViewSchema.Column column, Dictionary<string, long> textIds)
    {
        if (column.Type.RawType != typeof(ReadOnlyMemory<char>))
        {
            return IntegerReader(cursor, column);
        }

        var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        ReadOnlyMemory<char> text = default;
        return () =>
        {
            getter(ref text);
            var key = text.ToString();
            if (!textIds.TryGetValue(key, out var id))
            {
                id = textIds.Count;
                textIds[key] = id;
            }

            return id;
        };
    }

    private static Func<long> IntegerReader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var t = column.Type.RawType;
        if (t == typeof(int)) { return ReadInteger<int>(cursor, column, v => v); }
        if (t == typeof(long)) { return ReadInteger<long>(cursor, column, v => v); }
        if (t == typeof(short)) { return ReadInteger<short>(cursor, column, v => v); }
        if (t == typeof(sbyte)) { return ReadInteger<sbyte>(cursor, column, v => v); }
        if (t == typeof(uint)) { return ReadInteger<uint>(cursor, column, v => v); }
        if (t == typeof(ushort)) { return ReadInteger<ushort>(cursor, column, v => v); }
        if (t == typeof(byte)) { return ReadInteger<byte>(cursor, column, v => v); }
        return ReadInteger<ulong>(cursor, column, v => checked((long)v));
    }

    private static Func<double> DoubleReader(DataViewRowCursor cursor, DataViewSchema.Column column) =>
        column.Type.RawType == typeof(double) ? Read<double, double>(cursor, column, v => v) : Read<float, double>(cursor, column, v => (double)v);

    private static Func<bool> BoolReader(DataViewRowCursor cursor, DataViewSchema.Column column) => Read<bool, bool>(cursor, column, v => v);

    private static Func<TOut> Read<T, TOut>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, TOut> convert)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return convert(value);
        };
    }

    private static Func<long> ReadInteger<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, long> convert) => Read<T, long>(cursor, column, convert);

    private delegate void SpanReader(Span<float> row);

    private static SpanReader VectorReader(DataViewRowCursor cursor, DataViewSchema.Column column, int width)
    {
        if (column.Type is not VectorDataViewType vector)
        {
            if (column.Type.RawType == typeof(double))
            {
                var d = DoubleReader(cursor, column);
                return row => row[0] = (float)d();
            }

            var getter = cursor.GetGetter<float>(column);
            float v = 0;
            return row =>
            {
                getter(ref v);
                row[0] = v;
            };
        }

        if (vector.ItemType.RawType == typeof(double))
        {
            var getter = cursor.GetGetter<VBuffer<double>>(column);
            VBuffer<double> buffer = default;
            var dense = new double[width];
            return row =>
            {
                getter(ref buffer);
                buffer.CopyTo(dense);
                for (var i = 0; i < width; i++)
                {
                    row[i] = (float)dense[i];
                }
            };
        }

        var floats = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> values = default;
        return row =>
        {
            floats(ref values);
            if (values.IsDense)
            {
                values.GetValues().CopyTo(row);
                return;
            }

            row.Clear();
            var indices = values.GetIndices();
            var items = values.GetValues();
            for (var i = 0; i < indices.Length; i++)
            {
                row[indices[i]] = items[i];
            }
        };
    }

    /// <summary>
    /// Rows of <c>width</c> values appended one at a time into one array: allocated once at the size the view announces,
    /// grown by doubling when it announces none (or too few), trimmed once at the end.
    /// </summary>
    private sealed class RowStore<T>(int width, long? expectedRows)
        where T : unmanaged
    {
        private const int InitialRows = 1 << 16;

        private T[] _values = GC.AllocateUninitializedArray<T>(checked((int)Math.Clamp(expectedRows ?? InitialRows, 1, Array.MaxLength / width) * width));
        private int _used;

        public Span<T> Append()
        {
            if (_used + width > _values.Length)
            {
                var grown = GC.AllocateUninitializedArray<T>(_values.Length <= Array.MaxLength / 2 ? _values.Length * 2 : Array.MaxLength - (Array.MaxLength % width));
                if (grown.Length < _used + width)
                {
                    throw new InvalidOperationException($"the view has more rows than one array holds ({_used / width:N0} rows of {width} values)");
                }

                _values.AsSpan(0, _used).CopyTo(grown);
                _values = grown;
            }

            var row = _values.AsSpan(_used, width);
            _used += width;
            return row;
        }

        public T[] ToArray() => _used == _values.Length ? _values : _values.AsSpan(0, _used).ToArray();
    }
}
