namespace OfflineRl.MLNet.Data;

/// <summary>How a source names each column, so messages use the names the user knows.</summary>
internal sealed class ColumnLabels
{
    public static readonly ColumnLabels Default = new();

    public Func<int, string> Observation { get; init; } = i => $"observation[{i}]";

    public Func<int, string> NextObservation { get; init; } = i => $"next observation[{i}]";

    public Func<int, string> Action { get; init; } = i => $"action[{i}]";

    public string Reward { get; init; } = "reward";

    public string Terminal { get; init; } = "terminal";

    public string Truncated { get; init; } = "truncated";

    public string Step { get; init; } = "step";

    public string EpisodeId { get; init; } = "episode id";

    /// <summary>How an extra per-step column (by its role name) is named in the source.</summary>
    public Func<string, string> Extra { get; init; } = name => $"column '{name}'";
}
