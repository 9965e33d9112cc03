namespace OfflineRl.MLNet.Data;

/// <summary>One named column of a row-per-step table (Parquet, JSON lines) as read, before roles are assigned.</summary>
internal sealed class TabularColumn
{
    public required string Name { get; init; }

    /// <summary>What the source stored, for messages ("float", "int64", "list&lt;float&gt;", "string", …).</summary>
    public required string TypeName { get; init; }

    /// <summary>Values per row: 1 for a scalar, the list length for a list column.</summary>
    public int Width { get; set; } = 1;

    /// <summary>True for list-valued columns (each row holds <see cref="Width"/> values).</summary>
    public bool IsList { get; init; }

    /// <summary>Floating-point values, rows × <see cref="Width"/> (null unless the source stored floats).</summary>
    public List<float>? Floats { get; init; }

    /// <summary>Integer values, rows × <see cref="Width"/> (null unless the source stored integers).</summary>
    public List<long>? Integers { get; init; }

    /// <summary>Booleans, one per row.</summary>
    public List<bool>? Flags { get; init; }

    /// <summary>Text, one per row.</summary>
    public List<string>? Texts { get; init; }

    public bool IsNumber => Floats is not null || Integers is not null;

    public int Rows => Flags?.Count ?? Texts?.Count ?? ((Floats?.Count ?? Integers?.Count ?? 0) / Math.Max(Width, 1));

    public float[] ToFloats() => Floats?.ToArray() ?? Integers!.Select(v => (float)v).ToArray();

    public double[] ToDoubles() => Integers is not null ? Integers.Select(v => (double)v).ToArray() : Floats!.Select(v => (double)v).ToArray();
}

/// <summary>
/// Assigns trajectory roles to the columns of a row-per-step table: RLlib's SampleBatch names (<c>obs, new_obs, actions,
/// rewards, terminateds, truncateds</c> or <c>dones</c>, <c>eps_id</c>, <c>t</c>, <c>action_logp</c>) when the table has
/// <c>obs</c> and <c>rewards</c>, otherwise the <see cref="CsvColumnMapping"/> names (default <c>episode_id, step,
/// obs_*, action</c> or <c>action_*, reward, terminal, truncated, next_obs_*</c>) where a role may also be one list column.
/// </summary>
internal static class TabularLayout
{
    /// <summary>RLlib's column holding the behaviour policy's log-probability of the logged action.</summary>
    public const string ActionLogp = "action_logp";

    public static RawTrajectoryColumns Build(IReadOnlyList<TabularColumn> table, string source, CsvColumnMapping? mapping, DatasetLoadOptions? options,
        int? declaredActionCount = null, float[]? declaredLow = null, float[]? declaredHigh = null)
    {
        var byName = new Dictionary<string, TabularColumn>(StringComparer.Ordinal);
        foreach (var c in table)
        {
            byName.TryAdd(c.Name, c);
        }

        var names = string.Join(", ", table.Select(c => c.Name));
        var rllib = mapping is null && byName.ContainsKey("obs") && byName.ContainsKey("rewards");
        mapping ??= new CsvColumnMapping();
        var errors = new List<string>();
        var notes = new List<string>();
        TabularColumn? Find(string? name, bool required, string role)
        {
            if (name is null)
            {
                return null;
            }

            if (byName.TryGetValue(name, out var c))
            {
                return c;
            }

            if (required)
            {
                errors.Add($"missing column '{name}' ({role}); the table has: {names}" +
                           (rllib ? "" : "; name the columns with the mapping flags (--episode-id, --obs, --action, --reward, --terminal, --truncated)"));
            }

            return null;
        }

        List<TabularColumn> Many(IReadOnlyList<string>? list, string? prefix, string? single, string role, bool required)
        {
            if (list is not null)
            {
                return [.. list.Select(n => Find(n, true, role)).OfType<TabularColumn>()];
            }

            if (single is not null && byName.TryGetValue(single, out var one))
            {
                return [one];
            }

            var found = prefix is null ? [] : table.Where(c => c.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            if (found.Count == 0 && required)
            {
                errors.Add($"no {role} columns: none is named '{single ?? prefix}' or starts with '{prefix}'; the table has: {names}; " +
                           "name them with the mapping flags (--obs, --action)");
            }

            return found;
        }

        TabularColumn? episode, step, reward, terminal, truncated, dones = null, logp;
        List<TabularColumn> obs, actions, next;
        if (rllib)
        {
            episode = Find("eps_id", true, "episode id");
            step = byName.GetValueOrDefault("t");
            obs = [byName["obs"]];
            next = byName.TryGetValue("new_obs", out var n) ? [n] : [];
            actions = byName.TryGetValue("actions", out var a) ? [a] : Many(null, null, "actions", "action", true);
            reward = byName["rewards"];
            terminal = byName.GetValueOrDefault("terminateds");
            truncated = byName.GetValueOrDefault("truncateds");
            if (terminal is null && truncated is null)
            {
                dones = byName.GetValueOrDefault("dones");
            }

            logp = byName.GetValueOrDefault(ActionLogp);
        }
        else
        {
            episode = Find(mapping.EpisodeId, true, "episode id");
            step = mapping.Step is null ? null : byName.GetValueOrDefault(mapping.Step);
            obs = Many(mapping.ObservationColumns, mapping.ObservationPrefix, "observation", "observation", true);
            actions = Many(mapping.ActionColumns, mapping.ActionPrefix, CsvColumnMapping.DefaultAction, "action", true);
            reward = Find(mapping.Reward, true, "reward");
            terminal = mapping.Terminal is null ? null : byName.GetValueOrDefault(mapping.Terminal);
            truncated = mapping.Truncated is null ? null : byName.GetValueOrDefault(mapping.Truncated);
            next = mapping.NextObservationPrefix is null ? [] : Many(null, mapping.NextObservationPrefix, "next_observation", "next observation", false);
            logp = byName.GetValueOrDefault(ActionLogp);
        }

        if (errors.Count > 0)
        {
            throw new DatasetValidationException(source, errors);
        }

        if (!reward!.IsNumber)
        {
            throw new DatasetValidationException(source, [$"column '{reward.Name}' (reward) holds {reward.TypeName}; numbers are needed"]);
        }

        var rows = reward.Rows;
        void Numeric(TabularColumn? c, string role)
        {
            if (c is not null && !c.IsNumber)
            {
                var hint = rllib && c.Name is "obs" or "new_obs" && c.Texts is not null
                    ? "; RLlib compresses obs and new_obs by default (output_compress_columns): write with output_compress_columns=[] to store the values"
                    : "";
                errors.Add($"column '{c.Name}' ({role}) holds {c.TypeName}; numbers are needed{hint}");
            }

            if (c is not null && c.Rows != rows)
            {
                errors.Add($"column '{c.Name}' has {c.Rows} rows but '{reward.Name}' has {rows}; every column needs one row per step");
            }
        }

        void Flag(TabularColumn? c, string role)
        {
            if (c is not null && c.Flags is null && c.Integers is null)
            {
                errors.Add($"column '{c.Name}' ({role}) holds {c.TypeName}; booleans (or 0/1) are needed");
            }

            if (c is not null && c.Rows != rows)
            {
                errors.Add($"column '{c.Name}' has {c.Rows} rows but '{reward.Name}' has {rows}; every column needs one row per step");
            }
        }

        obs.ForEach(c => Numeric(c, "observation"));
        next.ForEach(c => Numeric(c, "next observation"));
        actions.ForEach(c => Numeric(c, "action"));
        Numeric(reward, "reward");
        Numeric(step, "step");
        Numeric(logp, "behaviour log-probability");
        Flag(terminal, "terminal");
        Flag(truncated, "truncated");
        Flag(dones, "done");
        if (episode is not null && episode.Rows != rows)
        {
            errors.Add($"column '{episode.Name}' has {episode.Rows} rows but '{reward.Name}' has {rows}; every column needs one row per step");
        }

        if (episode is not null && !episode.IsNumber && episode.Texts is null)
        {
            errors.Add($"column '{episode.Name}' (episode id) holds {episode.TypeName}; integers or text are needed");
        }

        if (step is not null && step.Integers is null && step.IsNumber)
        {
            errors.Add($"column '{step.Name}' (step) holds {step.TypeName}; integers are needed");
        }

        if (errors.Count > 0)
        {
            throw new DatasetValidationException(source, errors);
        }

        var obsValues = Interleave(obs, rows);
        var nextValues = next.Count > 0 ? Interleave(next, rows) : null;
        var obsWidth = obs.Sum(c => c.Width);
        if (nextValues is not null && next.Sum(c => c.Width) != obsWidth)
        {
            throw new DatasetValidationException(source, [$"next observations have {next.Sum(c => c.Width)} values per step but observations have {obsWidth}"]);
        }

        var actWidth = actions.Sum(c => c.Width);
        var actValues = actWidth == 1 ? actions[0].ToDoubles() : Array.ConvertAll(Interleave(actions, rows), v => (double)v);
        var integerActions = actions.All(c => c.Integers is not null);
        var kind = mapping.ActionKind ?? options?.ActionKind;
        var undeclared = kind is null && !integerActions && actWidth == 1
            ? new FloatActionColumn($"column '{actions[0].Name}'", actions[0].TypeName, "store the column as integers (in JSON: 1, not 1.0)")
            : null;

        long[] ids;
        if (episode!.Texts is { } texts)
        {
            var numbers = new Dictionary<string, long>(StringComparer.Ordinal);
            ids = new long[rows];
            for (var r = 0; r < rows; r++)
            {
                if (!numbers.TryGetValue(texts[r], out var id))
                {
                    id = numbers.Count;
                    numbers[texts[r]] = id;
                }

                ids[r] = id;
            }

            notes.Add($"Episode ids in column '{episode.Name}' are text; episodes are numbered 0–{numbers.Count - 1} in order of first appearance.");
        }
        else
        {
            ids = episode.Integers is not null ? [.. episode.Integers] : [.. episode.Floats!.Select(v => (long)v)];
            if (episode.Floats is not null && episode.Floats.Any(v => v != Math.Floor(v)))
            {
                throw new DatasetValidationException(source, [$"column '{episode.Name}' (episode id) holds fractions; episode ids are whole numbers"]);
            }
        }

        bool[]? Flags(TabularColumn? c)
        {
            if (c is null)
            {
                return null;
            }

            if (c.Flags is not null)
            {
                return [.. c.Flags];
            }

            var flags = new bool[rows];
            for (var r = 0; r < rows; r++)
            {
                flags[r] = c.Integers![r] switch
                {
                    0 => false,
                    1 => true,
                    var v => throw new DatasetValidationException(source, [$"column '{c.Name}', row {r + 1}: flag value {v} is neither 0 nor 1"]),
                };
            }

            return flags;
        }

        var raw = new RawTrajectoryColumns
        {
            Source = source,
            ObservationDimension = obsWidth,
            ActionDimension = actWidth,
            Observations = obsValues,
            NextObservations = nextValues,
            Actions = actValues,
            // The mapping's kind is stated as surely as the load options' (which the validator applies over this).
            ActionsIntegerTyped = kind is null ? integerActions : kind == ActionKind.Discrete,
            UndeclaredFloatActions = undeclared,
            Rewards = reward.ToFloats(),
            Terminals = Flags(terminal),
            Truncations = Flags(truncated),
            EpisodeIds = ids,
            Steps = step?.Integers?.ToArray(),
            DeclaredActionCount = declaredActionCount,
            DeclaredActionLow = declaredLow,
            DeclaredActionHigh = declaredHigh,
            Labels = new ColumnLabels
            {
                Observation = i => Label(obs, i),
                NextObservation = i => Label(next, i),
                Action = i => Label(actions, i),
                Reward = $"column '{reward.Name}'",
                Terminal = terminal is null ? "terminal" : $"column '{terminal.Name}'",
                Truncated = truncated is null ? "truncated" : $"column '{truncated.Name}'",
                Step = step is null ? "step" : $"column '{step.Name}'",
                EpisodeId = $"column '{episode.Name}'",
                Extra = name => name == ColumnNames.BehaviorLogProbability && logp is not null ? $"column '{logp.Name}'" : $"column '{name}'",
            },
        };
        if (logp is not null)
        {
            raw.ExtraColumns[ColumnNames.BehaviorLogProbability] = logp.ToFloats();
            notes.Add($"Column '{logp.Name}' is read as {ColumnNames.BehaviorLogProbability} (the behaviour policy's log-probability of each logged action).");
        }

        raw.Notes.AddRange(notes);
        return dones is null ? raw : WithDones(raw, Flags(dones)!, dones.Name, options ?? new DatasetLoadOptions());
    }

    /// <summary>
    /// RLlib's older <c>dones</c>: true on an episode's last step, without saying whether the MDP ended or a time limit cut it.
    /// An episode whose last step is not done was cut by the log (truncated); a done one ends as <see cref="DatasetLoadOptions.MissingEndFlags"/>
    /// says (refused when it says nothing). A done step before the episode's last row is an error.
    /// </summary>
    private static RawTrajectoryColumns WithDones(RawTrajectoryColumns raw, bool[] done, string column, DatasetLoadOptions options)
    {
        var n = raw.RowCount;
        var ids = raw.EpisodeIds!;
        var terminals = new bool[n];
        var truncations = new bool[n];
        var errors = new List<string>();
        int cut = 0, terminal = 0, truncated = 0, start = 0;
        for (var r = 0; r < n; r++)
        {
            var last = r == n - 1 || ids[r + 1] != ids[r];
            if (done[r] && !last)
            {
                errors.Add($"episode {ids[r]}, step {r - start}: column '{column}' is true before the episode's last row");
            }
            else if (last && !done[r])
            {
                truncations[r] = true;
                cut++;
            }
            else if (last)
            {
                var length = r - start + 1;
                var isTerminal = options.MissingEndFlags switch
                {
                    MissingEndFlagsAssumption.AllTerminal => true,
                    MissingEndFlagsAssumption.AllTruncated => false,
                    MissingEndFlagsAssumption.TerminalUnlessTimeLimit => length != options.TimeLimit,
                    _ => (bool?)null,
                };
                if (isTerminal is null)
                {
                    errors.Add($"episode {ids[r]}: column '{column}' ends it but does not say whether the MDP ended or a time limit cut it; " +
                               "say which with MissingEndFlags (--episode-ends terminal|truncated|time-limit, --time-limit N)");
                }
                else
                {
                    terminals[r] = isTerminal.Value;
                    truncations[r] = !isTerminal.Value;
                    terminal += isTerminal.Value ? 1 : 0;
                    truncated += isTerminal.Value ? 0 : 1;
                }
            }

            if (last)
            {
                start = r + 1;
            }

            if (errors.Count >= options.MaxErrors)
            {
                break;
            }
        }

        if (errors.Count > 0)
        {
            throw new DatasetValidationException(raw.Source, errors);
        }

        var result = new RawTrajectoryColumns
        {
            Source = raw.Source,
            ObservationDimension = raw.ObservationDimension,
            ActionDimension = raw.ActionDimension,
            Observations = raw.Observations,
            NextObservations = raw.NextObservations,
            Actions = raw.Actions,
            SingleActions = raw.SingleActions,
            ActionsIntegerTyped = raw.ActionsIntegerTyped,
            UndeclaredFloatActions = raw.UndeclaredFloatActions,
            Rewards = raw.Rewards,
            Terminals = terminals,
            Truncations = truncations,
            EpisodeIds = raw.EpisodeIds,
            Steps = raw.Steps,
            DeclaredActionCount = raw.DeclaredActionCount,
            DeclaredActionLow = raw.DeclaredActionLow,
            DeclaredActionHigh = raw.DeclaredActionHigh,
            Labels = raw.Labels,
        };
        foreach (var (k, v) in raw.ExtraColumns)
        {
            result.ExtraColumns[k] = v;
        }

        result.Notes.AddRange(raw.Notes);
        result.Notes.Add($"Episode ends from '{column}': {terminal} terminal and {truncated} truncated as MissingEndFlags = {options.MissingEndFlags} says" +
                         (cut > 0 ? $", {cut} cut by the log (last row not done) read as truncated." : "."));
        return result;
    }

    /// <summary>Row-major values of several columns side by side (each column contributes its width per row).</summary>
    private static float[] Interleave(List<TabularColumn> columns, int rows)
    {
        if (columns.Count == 1)
        {
            return columns[0].ToFloats();
        }

        var width = columns.Sum(c => c.Width);
        var values = new float[rows * width];
        var at = 0;
        foreach (var c in columns)
        {
            var v = c.ToFloats();
            for (var r = 0; r < rows; r++)
            {
                Array.Copy(v, r * c.Width, values, (r * width) + at, c.Width);
            }

            at += c.Width;
        }

        return values;
    }

    private static string Label(List<TabularColumn> columns, int index)
    {
        foreach (var c in columns)
        {
            if (index < c.Width)
            {
                return c.IsList ? $"column '{c.Name}'[{index}]" : $"column '{c.Name}'";
            }

            index -= c.Width;
        }

        return $"value {index}";
    }
}
