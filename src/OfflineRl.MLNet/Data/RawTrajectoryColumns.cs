namespace OfflineRl.MLNet.Data;

/// <summary>
/// Unvalidated columns as a loader read them. Every loader fills one of these and hands it to
/// <see cref="DatasetValidator"/>, so all sources share one validation path.
/// </summary>
internal sealed class RawTrajectoryColumns
{
    public required string Source { get; init; }

    public required int ObservationDimension { get; init; }

    public required int ActionDimension { get; init; }

    /// <summary>Row-major observations; length must be rows × ObservationDimension.</summary>
    public required float[] Observations { get; init; }

    /// <summary>Row-major actions as read (integers are exact in double); empty when <see cref="SingleActions"/> holds them.</summary>
    public double[] Actions { get; init; } = [];

    /// <summary>
    /// Row-major actions a source held as Single: validated in place and kept as the dataset's continuous actions, so a
    /// large log is not copied through double and back.
    /// </summary>
    public float[]? SingleActions { get; init; }

    /// <summary>How many action values were read: rows × <see cref="ActionDimension"/> when the lengths agree.</summary>
    public int ActionValueCount => SingleActions?.Length ?? Actions.Length;

    /// <summary>Action value <paramref name="index"/> (row-major), from whichever array holds them.</summary>
    public double ActionAt(int index) => SingleActions is { } singles ? singles[index] : Actions[index];

    /// <summary>True when the source stored actions with an integer type (decides discrete by default).</summary>
    public bool ActionsIntegerTyped { get; init; }

    /// <summary>
    /// Set when the source declares its single action column with a non-integer type and nothing says which kind the
    /// actions are: the column, its type, and how that source declares integers. Integer values in it are then refused
    /// rather than guessed continuous (or discrete).
    /// </summary>
    public FloatActionColumn? UndeclaredFloatActions { get; init; }

    public required float[] Rewards { get; init; }

    public bool[]? Terminals { get; init; }

    public bool[]? Truncations { get; init; }

    public float[]? NextObservations { get; init; }

    /// <summary>Episode id per row (CSV, enumerable). Consecutive rows with one id form an episode.</summary>
    public long[]? EpisodeIds { get; init; }

    /// <summary>Logged step index per row, checked for order when present.</summary>
    public long[]? Steps { get; init; }

    /// <summary>Episode-start marks per row (stable-baselines layout).</summary>
    public bool[]? EpisodeStarts { get; init; }

    /// <summary>Declared discrete action count carried by the source itself, if any.</summary>
    public int? DeclaredActionCount { get; init; }

    /// <summary>Declared continuous bounds carried by the source itself, if any.</summary>
    public float[]? DeclaredActionLow { get; init; }

    /// <summary>Declared continuous bounds carried by the source itself, if any.</summary>
    public float[]? DeclaredActionHigh { get; init; }

    /// <summary>Per-step columns beyond the trajectory roles (e.g. <see cref="ColumnNames.BehaviorLogProbability"/>), one value per row.</summary>
    public Dictionary<string, float[]> ExtraColumns { get; } = new(StringComparer.Ordinal);

    /// <summary>Problems the loader already found (ragged rows, unparsable cells).</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Facts the loader wants the summary to report.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>How columns are named in messages.</summary>
    public ColumnLabels Labels { get; init; } = ColumnLabels.Default;

    public int RowCount => Rewards.Length;
}

/// <summary>
/// A single action column of a non-integer type: its label in messages, its type, how its source declares integers
/// instead, and the setting that states the action kind on that path.
/// </summary>
internal sealed record FloatActionColumn(string Column, string Type, string IntegerFix, string KindSetting = nameof(DatasetLoadOptions.ActionKind));
