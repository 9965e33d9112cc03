using System.Globalization;
namespace OfflineRl.MLNet.Data;

/// <summary>
/// The one validation path every loader goes through (docs/data.md): it finds episodes, checks end flags,
/// values and actions, and reports every problem at once, naming the source, the episode and step, and
/// the column. Nothing is silently dropped, coerced or reordered.
/// </summary>
internal static class DatasetValidator
{
    public static TrajectoryDataset Validate(RawTrajectoryColumns raw, DatasetLoadOptions? options)
    {
        options ??= new DatasetLoadOptions();
        options.Validate();
        var source = options.SourceName ?? raw.Source;
        var errors = new ValidationErrors(options.MaxErrors);
        foreach (var e in raw.Errors)
        {
            errors.Add(e);
        }

        var notes = new List<string>(raw.Notes);
        var n = raw.RowCount;
        if (n == 0)
        {
            errors.Add("the dataset is empty (no steps)");
            throw errors.ToException(source);
        }

        CheckLengths(raw, errors);
        if (errors.Count > 0)
        {
            throw errors.ToException(source);
        }

        var (offsets, ids) = FindEpisodes(raw, errors);
        if (errors.Count > 0)
        {
            throw errors.ToException(source);
        }

        var describe = new RowDescriber(offsets, ids, raw.Steps);
        var (terminals, truncations) = ResolveEndFlags(raw, options, offsets, ids, describe, errors, notes);
        CheckFinite(raw.Observations, raw.ObservationDimension, raw.Labels.Observation, describe, errors);
        if (raw.NextObservations is not null)
        {
            CheckFinite(raw.NextObservations, raw.ObservationDimension, raw.Labels.NextObservation, describe, errors);
        }

        CheckFinite(raw.Rewards, 1, _ => raw.Labels.Reward, describe, errors);

        foreach (var (name, values) in raw.ExtraColumns)
        {
            if (values.Length != n)
            {
                errors.Add($"column '{name}' has {values.Length} rows but {raw.Labels.Reward} has {n} (all columns must have one row per step)");
                continue;
            }

            CheckFinite(values, 1, _ => raw.Labels.Extra(name), describe, errors);
        }

        CheckActionKindStated(raw, options, errors);
        var kind = options.ActionKind ?? (raw.ActionsIntegerTyped ? ActionKind.Discrete : ActionKind.Continuous);
        ActionSpace? space = null;
        int[]? discrete = null;
        float[]? continuous = null;
        if (kind == ActionKind.Discrete)
        {
            (space, discrete) = CheckDiscrete(raw, options, describe, errors);
        }
        else
        {
            (space, continuous) = CheckContinuous(raw, options, describe, errors);
        }

        if (errors.Count > 0 || space is null)
        {
            throw errors.ToException(source);
        }

        return new TrajectoryDataset(
            source,
            raw.ObservationDimension,
            space,
            raw.Observations,
            continuous,
            discrete,
            raw.Rewards,
            terminals,
            truncations,
            raw.NextObservations,
            offsets,
            ids,
            raw.ExtraColumns.Count > 0 ? new Dictionary<string, float[]>(raw.ExtraColumns, StringComparer.Ordinal) : null,
            null,
            notes);
    }

    /// <summary>
    /// A float column of whole numbers ≥ 0 may be discrete indices (CartPole's 0 and 1 read as Single) or continuous values:
    /// the type says continuous, the values say discrete, so the caller must say which. CSV, whose cells have no type, decides
    /// from the values and notes it.
    /// </summary>
    private static void CheckActionKindStated(RawTrajectoryColumns raw, DatasetLoadOptions options, ValidationErrors errors)
    {
        // Continuous bounds, given or carried by the source, already say continuous.
        var boundsDeclared = options.ActionLow is not null || raw.DeclaredActionLow is not null;
        if (options.ActionKind is not null || boundsDeclared || raw.UndeclaredFloatActions is not { } column || raw.ActionDimension != 1 || raw.ActionValueCount == 0 ||
            !Enumerable.Range(0, raw.ActionValueCount).Select(raw.ActionAt).All(a => a >= 0 && a == Math.Floor(a)))
        {
            return;
        }

        var values = Enumerable.Range(0, raw.ActionValueCount).Select(raw.ActionAt).ToArray();
        var (min, max) = (values.Min().ToString(CultureInfo.InvariantCulture), values.Max().ToString(CultureInfo.InvariantCulture));
        errors.Add(
            $"{column.Column} (action) holds {column.Type}, yet only the integers {min}–{max}, so whether they are discrete action indices " +
            $"or continuous values is not guessed: if they are indices (as CartPole's 0 and 1), set {column.KindSetting} = Discrete (--action-kind discrete) or {column.IntegerFix}; " +
            $"if they are continuous values, set {column.KindSetting} = Continuous (--action-kind continuous)");
    }

    private static void CheckLengths(RawTrajectoryColumns raw, ValidationErrors errors)
    {
        var n = raw.RowCount;
        if (raw.ObservationDimension < 1)
        {
            errors.Add($"observations have width {raw.ObservationDimension}; at least 1 is needed");
        }

        if (raw.ActionDimension < 1)
        {
            errors.Add($"actions have width {raw.ActionDimension}; at least 1 is needed");
        }

        void Rows(string what, long length, long width)
        {
            if (width > 0 && length != n * width)
            {
                errors.Add($"{what} has {length / Math.Max(width, 1)} rows but {raw.Labels.Reward} has {n} (all columns must have one row per step)");
            }
        }

        Rows("observations", raw.Observations.Length, raw.ObservationDimension);
        Rows("actions", raw.ActionValueCount, raw.ActionDimension);
        if (raw.NextObservations is not null)
        {
            Rows("next observations", raw.NextObservations.Length, raw.ObservationDimension);
        }

        if (raw.Terminals is not null)
        {
            Rows(raw.Labels.Terminal, raw.Terminals.Length, 1);
        }

        if (raw.Truncations is not null)
        {
            Rows(raw.Labels.Truncated, raw.Truncations.Length, 1);
        }

        if (raw.EpisodeIds is not null)
        {
            Rows(raw.Labels.EpisodeId, raw.EpisodeIds.Length, 1);
        }

        if (raw.Steps is not null)
        {
            Rows(raw.Labels.Step, raw.Steps.Length, 1);
        }

        if (raw.EpisodeStarts is not null)
        {
            Rows("episode starts", raw.EpisodeStarts.Length, 1);
        }
    }

    private static (int[] Offsets, long[] Ids) FindEpisodes(RawTrajectoryColumns raw, ValidationErrors errors)
    {
        var n = raw.RowCount;
        var offsets = new List<int> { 0 };
        var ids = new List<long>();
        if (raw.EpisodeIds is { } episodeIds)
        {
            var seen = new Dictionary<long, int>();
            ids.Add(episodeIds[0]);
            seen[episodeIds[0]] = 0;
            for (var r = 1; r < n; r++)
            {
                if (episodeIds[r] == episodeIds[r - 1])
                {
                    continue;
                }

                if (seen.TryGetValue(episodeIds[r], out var firstRow))
                {
                    errors.Add($"episode {episodeIds[r]}: its rows are not contiguous (row {firstRow + 1} and again at row {r + 1}); " +
                               "group each episode's steps together in order");
                    if (errors.IsFull)
                    {
                        break;
                    }
                }
                else
                {
                    seen[episodeIds[r]] = r;
                }

                offsets.Add(r);
                ids.Add(episodeIds[r]);
            }
        }
        else if (raw.EpisodeStarts is { } starts)
        {
            ids.Add(0);
            for (var r = 1; r < n; r++)
            {
                if (starts[r])
                {
                    offsets.Add(r);
                    ids.Add(ids.Count);
                }
            }
        }
        else
        {
            ids.Add(0);
            for (var r = 0; r < n - 1; r++)
            {
                if ((raw.Terminals?[r] ?? false) || (raw.Truncations?[r] ?? false))
                {
                    offsets.Add(r + 1);
                    ids.Add(ids.Count);
                }
            }
        }

        offsets.Add(n);
        if (raw.Steps is { } steps)
        {
            for (var e = 0; e < ids.Count && !errors.IsFull; e++)
            {
                if (steps[offsets[e]] < 0)
                {
                    errors.Add($"episode {ids[e]}, row {offsets[e] + 1}: {raw.Labels.Step} is {steps[offsets[e]]}; steps start at 0 or later");
                }

                for (var r = offsets[e] + 1; r < offsets[e + 1]; r++)
                {
                    if (steps[r] != steps[r - 1] + 1)
                    {
                        var why = steps[r] <= steps[r - 1] ? "out of order" : "not contiguous";
                        errors.Add($"episode {ids[e]}, row {r + 1}: {raw.Labels.Step} {steps[r]} follows step {steps[r - 1]} ({why}; steps within an episode must be consecutive)");
                        break;
                    }
                }
            }
        }

        return (offsets.ToArray(), ids.ToArray());
    }

    private static (bool[] Terminals, bool[] Truncations) ResolveEndFlags(
        RawTrajectoryColumns raw,
        DatasetLoadOptions options,
        int[] offsets,
        long[] ids,
        RowDescriber describe,
        ValidationErrors errors,
        List<string> notes)
    {
        var n = raw.RowCount;
        var episodes = ids.Length;
        if (raw.Terminals is null && raw.Truncations is null)
        {
            var terminals = new bool[n];
            var truncations = new bool[n];
            if (options.MissingEndFlags == MissingEndFlagsAssumption.None)
            {
                errors.Add(raw.Labels.MissingEndFlags);
                return (terminals, truncations);
            }

            int terminalCount = 0, truncatedCount = 0;
            for (var e = 0; e < episodes; e++)
            {
                var last = offsets[e + 1] - 1;
                var length = offsets[e + 1] - offsets[e];
                var terminal = options.MissingEndFlags switch
                {
                    MissingEndFlagsAssumption.AllTerminal => true,
                    MissingEndFlagsAssumption.AllTruncated => false,
                    _ => length != options.TimeLimit,
                };
                terminals[last] = terminal;
                truncations[last] = !terminal;
                terminalCount += terminal ? 1 : 0;
                truncatedCount += terminal ? 0 : 1;
            }

            var rule = options.MissingEndFlags == MissingEndFlagsAssumption.TerminalUnlessTimeLimit
                ? $"terminal unless the episode reached the time limit of {options.TimeLimit} steps"
                : options.MissingEndFlags == MissingEndFlagsAssumption.AllTerminal ? "every episode terminal" : "every episode truncated";
            notes.Add($"End flags were absent from the source; assumed {rule}: {terminalCount} terminal, {truncatedCount} truncated.");
            return (terminals, truncations);
        }

        var term = raw.Terminals ?? new bool[n];
        var trunc = raw.Truncations ?? new bool[n];
        var marked = 0;
        for (var e = 0; e < episodes && !errors.IsFull; e++)
        {
            var last = offsets[e + 1] - 1;
            for (var r = offsets[e]; r <= last && !errors.IsFull; r++)
            {
                if (term[r] && trunc[r])
                {
                    errors.Add($"{describe.Row(r)}: {raw.Labels.Terminal} and {raw.Labels.Truncated} are both set; a step ends the MDP or cuts the episode, not both");
                }
                else if (r < last && (term[r] || trunc[r]))
                {
                    var flag = term[r] ? raw.Labels.Terminal : raw.Labels.Truncated;
                    errors.Add($"{describe.Row(r)}: {flag} is set before the episode's last step");
                }
            }

            if (!term[last] && !trunc[last])
            {
                if (options.UnterminatedEpisodes == UnterminatedEpisodeHandling.MarkTruncated)
                {
                    if (ReferenceEquals(trunc, raw.Truncations))
                    {
                        trunc = (bool[])trunc.Clone();
                    }

                    trunc[last] = true;
                    marked++;
                }
                else
                {
                    // Both ends are possible: marking truncated is right only for a cut episode, so name the terminal fix too.
                    errors.Add($"{describe.Row(last)}: the episode's last step is neither {raw.Labels.Terminal} nor {raw.Labels.Truncated}; " +
                               $"if the episode ended in a terminal state (nothing follows), set {raw.Labels.Terminal} on that step; " +
                               "if a time limit or the end of the log cut it, set UnterminatedEpisodes = MarkTruncated (--mark-unterminated)");
                }
            }
        }

        if (marked > 0)
        {
            notes.Add($"{marked} episode(s) had no end flag on their last step and were marked truncated.");
        }

        return (term, trunc);
    }

    private static void CheckFinite(float[] values, int width, Func<int, string> label, RowDescriber describe, ValidationErrors errors)
    {
        for (var i = FiniteScan.IndexOfNonFinite(values, 0); i >= 0 && !errors.IsFull; i = FiniteScan.IndexOfNonFinite(values, i + 1))
        {
            errors.Add($"{describe.Row(i / width)}: {label(i % width)} is {values[i]}");
        }
    }

    private static (ActionSpace? Space, int[]? Actions) CheckDiscrete(
        RawTrajectoryColumns raw, DatasetLoadOptions options, RowDescriber describe, ValidationErrors errors)
    {
        if (raw.ActionDimension != 1)
        {
            errors.Add($"discrete actions need exactly one action column; found {raw.ActionDimension}");
            return (null, null);
        }

        var count = options.DiscreteActionCount ?? raw.DeclaredActionCount;
        var actions = new int[raw.RowCount];
        var max = -1;
        for (var r = 0; r < actions.Length && !errors.IsFull; r++)
        {
            var a = raw.ActionAt(r);
            if (!double.IsFinite(a) || a != Math.Floor(a))
            {
                errors.Add($"{describe.Row(r)}: {raw.Labels.Action(0)} is {a}, not an integer (discrete actions are indices)");
            }
            else if (a < 0 || a > int.MaxValue || (count is not null && a >= count))
            {
                errors.Add($"{describe.Row(r)}: {raw.Labels.Action(0)} is {a}, outside [0, {(count is null ? int.MaxValue - 1 : count - 1)}]");
            }
            else if (count is null && a == int.MaxValue)
            {
                // The action count is derived as the largest action + 1, which must itself be an Int32.
                errors.Add($"{describe.Row(r)}: {raw.Labels.Action(0)} is {a}, so the action count (largest action + 1) would be {(long)a + 1}, " +
                           $"more than {int.MaxValue}; discrete actions are indices in [0, {int.MaxValue - 1}] (declare the count with DiscreteActionCount, --action-count)");
            }
            else
            {
                actions[r] = (int)a;
                max = Math.Max(max, actions[r]);
            }
        }

        return max < 0 ? (null, null) : (ActionSpace.Discrete(count ?? (max + 1)), actions);
    }

    private static (ActionSpace? Space, float[]? Actions) CheckContinuous(
        RawTrajectoryColumns raw, DatasetLoadOptions options, RowDescriber describe, ValidationErrors errors)
    {
        var dim = raw.ActionDimension;
        var low = options.ActionLow?.ToArray() ?? raw.DeclaredActionLow;
        var high = options.ActionHigh?.ToArray() ?? raw.DeclaredActionHigh;
        if (low is not null && (low.Length != dim || high is null || high.Length != dim))
        {
            errors.Add($"declared action bounds have {low.Length} values but actions have {dim} dimensions");
            return (null, null);
        }

        var declared = low is not null;
        var observedLow = Enumerable.Repeat(float.PositiveInfinity, dim).ToArray();
        var observedHigh = Enumerable.Repeat(float.NegativeInfinity, dim).ToArray();
        var actions = raw.SingleActions ?? Array.ConvertAll(raw.Actions, a => (float)a);
        for (var at = 0; at < actions.Length; at += dim)
        {
            for (var j = 0; j < dim; j++)
            {
                observedLow[j] = Math.Min(observedLow[j], actions[at + j]);
                observedHigh[j] = Math.Max(observedHigh[j], actions[at + j]);
            }
        }

        // Min and max carry a NaN along, so one look at them says whether any action needs a message.
        var outside = declared && Enumerable.Range(0, dim).Any(j => observedLow[j] < low![j] || observedHigh[j] > high![j]);
        if (outside || observedLow.Concat(observedHigh).Any(v => !float.IsFinite(v)))
        {
            for (var i = 0; i < actions.Length && !errors.IsFull; i++)
            {
                var (j, a) = (i % dim, actions[i]);
                if (!float.IsFinite(a))
                {
                    errors.Add($"{describe.Row(i / dim)}: {raw.Labels.Action(j)} is {a}");
                }
                else if (declared && (a < low![j] || a > high![j]))
                {
                    errors.Add($"{describe.Row(i / dim)}: {raw.Labels.Action(j)} is {a}, outside the declared bounds [{low[j]}, {high![j]}]");
                }
            }
        }

        if (errors.Count > 0)
        {
            return (null, null);
        }

        return (ActionSpace.Continuous(dim, declared ? low : observedLow, declared ? high : observedHigh), actions);
    }
}
