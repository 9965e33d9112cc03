namespace OfflineRl.MLNet.Data;

/// <summary>
/// The steps of Minari episodes gathered into one table, as both of Minari's storages (HDF5 groups, Parquet folders) read
/// them: per step the observation, the next one (the episode's N + 1 observations shifted by one), action, reward and
/// the two end flags, with the episode id; column labels in Minari's names.
/// </summary>
internal sealed class MinariSteps
{
    public List<float> Observations { get; } = [];

    public List<float> NextObservations { get; } = [];

    public List<double> Actions { get; } = [];

    public List<float> Rewards { get; } = [];

    public List<bool> Terminations { get; } = [];

    public List<bool> Truncations { get; } = [];

    public List<long> EpisodeIds { get; } = [];

    /// <summary>The gathered steps as raw columns, with the action space <paramref name="metadata"/> declares.</summary>
    public RawTrajectoryColumns ToColumns(string source, Hdf5DatasetLoader.MinariMetadata metadata, int? observationWidth, int? actionWidth, bool integerActions) => new()
    {
        Source = source,
        ObservationDimension = observationWidth ?? 1,
        ActionDimension = actionWidth ?? 1,
        Observations = [.. Observations],
        NextObservations = [.. NextObservations],
        Actions = [.. Actions],
        ActionsIntegerTyped = integerActions,
        Rewards = [.. Rewards],
        Terminals = [.. Terminations],
        Truncations = [.. Truncations],
        EpisodeIds = [.. EpisodeIds],
        DeclaredActionCount = metadata.ActionCount,
        DeclaredActionLow = metadata.ActionLow,
        DeclaredActionHigh = metadata.ActionHigh,
        Labels = new ColumnLabels
        {
            Observation = i => $"observations[{i}]",
            NextObservation = i => $"observations[{i}] (next step)",
            Action = i => $"actions[{i}]",
            Reward = "rewards",
            Terminal = "terminations",
            Truncated = "truncations",
            EpisodeId = "episode",
        },
    };
}
