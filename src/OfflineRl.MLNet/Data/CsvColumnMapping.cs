namespace OfflineRl.MLNet.Data;

/// <summary>
/// Which CSV columns hold which role, for long-format logs (one row per step). Vector roles are given
/// either as explicit column lists or as a name prefix (columns in header order).
/// </summary>
public sealed class CsvColumnMapping
{
    /// <summary>Default episode id column.</summary>
    public const string DefaultEpisodeId = "episode_id";

    /// <summary>Default step column.</summary>
    public const string DefaultStep = "step";

    /// <summary>Default observation column prefix.</summary>
    public const string DefaultObservationPrefix = "obs_";

    /// <summary>Default single action column (used when present); otherwise <see cref="DefaultActionPrefix"/>.</summary>
    public const string DefaultAction = "action";

    /// <summary>Default action column prefix for vector actions.</summary>
    public const string DefaultActionPrefix = "action_";

    /// <summary>Default reward column.</summary>
    public const string DefaultReward = "reward";

    /// <summary>Default terminal flag column.</summary>
    public const string DefaultTerminal = "terminal";

    /// <summary>Default truncation flag column.</summary>
    public const string DefaultTruncated = "truncated";

    /// <summary>Default next-observation column prefix.</summary>
    public const string DefaultNextObservationPrefix = "next_obs_";

    /// <summary>Episode id column (integer ids). Required.</summary>
    public string EpisodeId { get; set; } = DefaultEpisodeId;

    /// <summary>Step column; used when the header has it, checked for order. Null to ignore.</summary>
    public string? Step { get; set; } = DefaultStep;

    /// <summary>Explicit observation columns; when null, <see cref="ObservationPrefix"/> selects them.</summary>
    public IReadOnlyList<string>? ObservationColumns { get; set; }

    /// <summary>Prefix selecting observation columns in header order.</summary>
    public string ObservationPrefix { get; set; } = DefaultObservationPrefix;

    /// <summary>Explicit action columns; when null, <see cref="DefaultAction"/> or <see cref="ActionPrefix"/> is used.</summary>
    public IReadOnlyList<string>? ActionColumns { get; set; }

    /// <summary>Prefix selecting action columns when there is no single <see cref="DefaultAction"/> column.</summary>
    public string ActionPrefix { get; set; } = DefaultActionPrefix;

    /// <summary>Reward column. Required.</summary>
    public string Reward { get; set; } = DefaultReward;

    /// <summary>Terminal flag column; optional in the file.</summary>
    public string? Terminal { get; set; } = DefaultTerminal;

    /// <summary>Truncation flag column; optional in the file.</summary>
    public string? Truncated { get; set; } = DefaultTruncated;

    /// <summary>Prefix selecting next-observation columns; used when the header has them.</summary>
    public string? NextObservationPrefix { get; set; } = DefaultNextObservationPrefix;

    /// <summary>Discrete or continuous; when null, a single all-integer action column is taken as discrete (and said so).</summary>
    public ActionKind? ActionKind { get; set; }
}
