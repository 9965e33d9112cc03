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

    /// <summary>
    /// The answer when the source records no end flags at all and <see cref="DatasetLoadOptions.MissingEndFlags"/> says
    /// nothing: both ways an episode can end, when each is right, and how to say which.
    /// </summary>
    public string MissingEndFlags { get; init; } =
        "the source has no end flags (no terminal or truncated column), so how episodes end is unknown; say how with MissingEndFlags (--episode-ends): " +
        "AllTerminal when every episode ended in a terminal state (goal reached, pole fallen: nothing follows its last step), " +
        "AllTruncated when a time limit or the end of the log cut every episode (its value goes on past the last step), " +
        "or TerminalUnlessTimeLimit with a TimeLimit when episodes of exactly that length were cut and shorter ones ended terminally";

    public string EpisodeId { get; init; } = "episode id";

    /// <summary>How an extra per-step column (by its role name) is named in the source.</summary>
    public Func<string, string> Extra { get; init; } = name => $"column '{name}'";
}
