namespace OfflineRl.MLNet.Data;

/// <summary>
/// Loads .npz trajectory files in the D4RL layout (<c>observations, actions, rewards, terminals, timeouts</c>,
/// optional <c>next_observations</c>) or the stable-baselines layout (<c>obs, actions, rewards, episode_starts</c>).
/// </summary>
/// <remarks>
/// Files written by <see cref="NpzDatasetWriter"/> also carry <c>episode_ids</c> per row and the declared action
/// space (<c>action_count</c> or <c>action_low</c>/<c>action_high</c>); other tools ignore these arrays.
/// </remarks>
public static class NpzDatasetLoader
{
    /// <summary>Loads and validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="DatasetValidationException">Listing every problem found.</exception>
    public static TrajectoryDataset Load(string path, DatasetLoadOptions? options = null)
    {
        var arrays = NpzFile.Read(path);
        return FromArrays(arrays, options?.SourceName ?? path, options);
    }

    /// <summary>Loads and validates the archive in <paramref name="stream"/> (seekable); <paramref name="source"/> names it in messages.</summary>
    internal static TrajectoryDataset Load(Stream stream, string source, DatasetLoadOptions? options = null) =>
        FromArrays(NpzFile.Read(stream, source), options?.SourceName ?? source, options);

    private static TrajectoryDataset FromArrays(IReadOnlyDictionary<string, NpyArray> arrays, string source, DatasetLoadOptions? options)
    {
        if (arrays.ContainsKey("observations"))
        {
            return DatasetValidator.Validate(FromD4rl(arrays, source), options);
        }

        if (arrays.ContainsKey("obs"))
        {
            return DatasetValidator.Validate(FromStableBaselines(arrays, source), options);
        }

        throw new DatasetValidationException(source,
        [
            $"unknown layout: found arrays [{string.Join(", ", arrays.Keys.Order(StringComparer.Ordinal))}]; expected the D4RL layout " +
            "(observations, actions, rewards, terminals, timeouts) or the stable-baselines layout (obs, actions, rewards, episode_starts)",
        ]);
    }

    /// <summary>The D4RL layout's arrays as raw columns (also the HDF5 loader's flat layout).</summary>
    internal static RawTrajectoryColumns FromD4rl(IReadOnlyDictionary<string, NpyArray> a, string source)
    {
        Require(a, source, "observations", "actions", "rewards");
        var obs = a["observations"];
        var actions = a["actions"];
        CheckRows(source, a, "observations", "actions", "rewards", "terminals", "timeouts", "next_observations", "episode_ids");
        var raw = new RawTrajectoryColumns
        {
            Source = source,
            ObservationDimension = obs.Width,
            ActionDimension = actions.Width,
            Observations = obs.ToFloats(),
            Actions = actions.ToDoubles(),
            ActionsIntegerTyped = actions.IsInteger,
            UndeclaredFloatActions = FloatActions(actions),
            Rewards = a["rewards"].ToFloats(),
            Terminals = a.TryGetValue("terminals", out var t) ? t.ToFlags() : null,
            Truncations = a.TryGetValue("timeouts", out var u) ? u.ToFlags() : null,
            NextObservations = a.TryGetValue("next_observations", out var next) ? next.ToFloats() : null,
            EpisodeIds = a.TryGetValue("episode_ids", out var ids) ? ids.ToLongs() : null,
            DeclaredActionCount = a.TryGetValue("action_count", out var count) ? ActionCount(count, source) : null,
            DeclaredActionLow = a.TryGetValue("action_low", out var low) ? low.ToFloats() : null,
            DeclaredActionHigh = a.TryGetValue("action_high", out var high) ? high.ToFloats() : null,
            Labels = Labels("observations", "actions", "rewards", "terminals", "timeouts", "next_observations"),
        };
        if (next is not null && next.Width != obs.Width)
        {
            raw.Errors.Add($"next_observations has width {next.Width} but observations has width {obs.Width}");
        }

        return raw;
    }

    private static int ActionCount(NpyArray array, string source)
    {
        var values = array.ToLongs();
        if (values.Length != 1 || values[0] is < 1 or > int.MaxValue)
        {
            throw new DatasetValidationException(source,
                [$"array 'action_count' holds {(values.Length == 1 ? $"{values[0]}" : $"{values.Length} values")}; it must hold one integer in [1, {int.MaxValue}], the number of discrete actions"]);
        }

        return (int)values[0];
    }

    /// <summary>A single float action array, whose whole-number values the validator will not guess the kind of.</summary>
    private static FloatActionColumn? FloatActions(NpyArray actions) =>
        actions.IsInteger || actions.Width != 1
            ? null
            : new FloatActionColumn("array 'actions'", $"{actions.DType} values", "save the array as integers (actions.astype(np.int64))");

    private static RawTrajectoryColumns FromStableBaselines(IReadOnlyDictionary<string, NpyArray> a, string source)
    {
        Require(a, source, "obs", "actions", "rewards", "episode_starts");
        var obs = a["obs"];
        var actions = a["actions"];
        CheckRows(source, a, "obs", "actions", "rewards", "episode_starts");
        return new RawTrajectoryColumns
        {
            Source = source,
            ObservationDimension = obs.Width,
            ActionDimension = actions.Width,
            Observations = obs.ToFloats(),
            Actions = actions.ToDoubles(),
            ActionsIntegerTyped = actions.IsInteger,
            UndeclaredFloatActions = FloatActions(actions),
            Rewards = a["rewards"].ToFloats(),
            EpisodeStarts = a["episode_starts"].ToFlags(),
            Labels = Labels("obs", "actions", "rewards", "terminals", "timeouts", "next_obs"),
        };
    }

    private static ColumnLabels Labels(string obs, string act, string rew, string term, string trunc, string next) => new()
    {
        Observation = i => $"{obs}[{i}]",
        Action = i => $"{act}[{i}]",
        NextObservation = i => $"{next}[{i}]",
        Reward = rew,
        Terminal = term,
        Truncated = trunc,
    };

    private static void Require(IReadOnlyDictionary<string, NpyArray> a, string source, params string[] names)
    {
        var missing = names.Where(n => !a.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new DatasetValidationException(source, missing.Select(m => $"missing array '{m}'").ToList());
        }
    }

    private static void CheckRows(string source, IReadOnlyDictionary<string, NpyArray> a, params string[] names)
    {
        var present = names.Where(a.ContainsKey).ToList();
        var rows = a[present[0]].Rows;
        var errors = present.Where(n => a[n].Rows != rows)
            .Select(n => $"array '{n}' has {a[n].Rows} rows but '{present[0]}' has {rows}; every array needs one row per step")
            .ToList();
        errors.AddRange(present.Where(n => a[n].Shape.Count > 2)
            .Select(n => $"array '{n}' has {a[n].Shape.Count} dimensions; at most 2 (rows × values) are supported"));
        if (errors.Count > 0)
        {
            throw new DatasetValidationException(source, errors);
        }
    }
}
