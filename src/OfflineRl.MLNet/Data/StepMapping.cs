namespace OfflineRl.MLNet.Data;

/// <summary>
/// How to read one step from a row object of type <typeparamref name="TRow"/>, for
/// <see cref="DataCatalog.LoadFromEnumerable{TRow}(IEnumerable{TRow}, StepMapping{TRow}, DatasetLoadOptions?)"/>
/// (ML.NET's <c>LoadFromEnumerable</c> habit). Give exactly one of <see cref="DiscreteAction"/> and
/// <see cref="ContinuousAction"/>.
/// </summary>
/// <typeparam name="TRow">The caller's row type.</typeparam>
public sealed class StepMapping<TRow>
{
    /// <summary>Episode id of the row. Required.</summary>
    public Func<TRow, long>? EpisodeId { get; init; }

    /// <summary>Logged step index; optional, checked for order when given.</summary>
    public Func<TRow, long>? Step { get; init; }

    /// <summary>Observation vector. Required.</summary>
    public Func<TRow, float[]>? Observation { get; init; }

    /// <summary>Discrete action index.</summary>
    public Func<TRow, int>? DiscreteAction { get; init; }

    /// <summary>Continuous action vector.</summary>
    public Func<TRow, float[]>? ContinuousAction { get; init; }

    /// <summary>Reward. Required.</summary>
    public Func<TRow, float>? Reward { get; init; }

    /// <summary>
    /// Terminal flag; when null, no row is terminal. When neither this nor <see cref="IsTruncated"/> is given,
    /// <see cref="DatasetLoadOptions.MissingEndFlags"/> says how episodes end (the rows are refused when it says nothing).
    /// </summary>
    public Func<TRow, bool>? IsTerminal { get; init; }

    /// <summary>Truncation flag; when null, no row is truncated (see <see cref="IsTerminal"/> for neither flag given).</summary>
    public Func<TRow, bool>? IsTruncated { get; init; }

    /// <summary>Next observation; optional.</summary>
    public Func<TRow, float[]>? NextObservation { get; init; }

    /// <summary>True when the mapping reads at least one end flag; without either, how episodes end is unknown.</summary>
    internal bool HasEndFlags => IsTerminal is not null || IsTruncated is not null;

    /// <summary>How messages name what the mapping lacks: its own property names.</summary>
    internal static ColumnLabels Labels { get; } = new()
    {
        MissingEndFlags =
            $"the {nameof(StepMapping<TRow>)} gives neither {nameof(IsTerminal)} nor {nameof(IsTruncated)}, so how episodes end is unknown: " +
            $"map {nameof(IsTerminal)} to the rows where an episode ended in a terminal state (goal reached, pole fallen: nothing follows), " +
            $"map {nameof(IsTruncated)} to the rows where a time limit or the end of the log cut it (its value goes on), " +
            "or, when every episode ended the same way, say so with MissingEndFlags = AllTerminal, AllTruncated, or TerminalUnlessTimeLimit with a TimeLimit",
    };

    internal void Validate()
    {
        var errors = new List<string>();
        if (EpisodeId is null)
        {
            errors.Add($"{nameof(EpisodeId)} is required.");
        }

        if (Observation is null)
        {
            errors.Add($"{nameof(Observation)} is required.");
        }

        if (Reward is null)
        {
            errors.Add($"{nameof(Reward)} is required.");
        }

        if ((DiscreteAction is null) == (ContinuousAction is null))
        {
            errors.Add($"Give exactly one of {nameof(DiscreteAction)} and {nameof(ContinuousAction)}.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid step mapping:\n  " + string.Join("\n  ", errors));
        }
    }
}
