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

    /// <summary>Terminal flag; when null, no row is terminal.</summary>
    public Func<TRow, bool>? IsTerminal { get; init; }

    /// <summary>Truncation flag; when null, no row is truncated.</summary>
    public Func<TRow, bool>? IsTruncated { get; init; }

    /// <summary>Next observation; optional.</summary>
    public Func<TRow, float[]>? NextObservation { get; init; }

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
