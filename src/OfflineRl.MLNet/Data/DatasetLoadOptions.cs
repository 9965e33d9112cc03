namespace OfflineRl.MLNet.Data;

/// <summary>Choices a loader cannot make on its own. Defaults refuse anything ambiguous.</summary>
public sealed class DatasetLoadOptions
{
    /// <summary>Default for <see cref="UnterminatedEpisodes"/>.</summary>
    public const UnterminatedEpisodeHandling DefaultUnterminatedEpisodes = UnterminatedEpisodeHandling.Error;

    /// <summary>Default for <see cref="MissingEndFlags"/>.</summary>
    public const MissingEndFlagsAssumption DefaultMissingEndFlags = MissingEndFlagsAssumption.None;

    /// <summary>What to do with an episode whose last step has no end flag.</summary>
    public UnterminatedEpisodeHandling UnterminatedEpisodes { get; set; } = DefaultUnterminatedEpisodes;

    /// <summary>How episodes end when the source has no end flags at all.</summary>
    public MissingEndFlagsAssumption MissingEndFlags { get; set; } = DefaultMissingEndFlags;

    /// <summary>Time limit used by <see cref="MissingEndFlagsAssumption.TerminalUnlessTimeLimit"/>.</summary>
    public int? TimeLimit { get; set; }

    /// <summary>Number of discrete actions; when null, the largest action seen plus one.</summary>
    public int? DiscreteActionCount { get; set; }

    /// <summary>Declared lower bounds of continuous actions; when null, the observed minimum per dimension.</summary>
    public IReadOnlyList<float>? ActionLow { get; set; }

    /// <summary>Declared upper bounds of continuous actions; when null, the observed maximum per dimension.</summary>
    public IReadOnlyList<float>? ActionHigh { get; set; }

    /// <summary>
    /// Forces discrete or continuous actions; when null the loader decides from the data type, except that a single
    /// float action column holding only whole numbers ≥ 0 (indices or values?) is refused until this says which.
    /// </summary>
    public ActionKind? ActionKind { get; set; }

    /// <summary>Name used for the source in messages; defaults to the file path.</summary>
    public string? SourceName { get; set; }

    /// <summary>The error list is cut after this many problems.</summary>
    public int MaxErrors { get; set; } = 200;

    /// <summary>Checks the options; every problem is listed in one <see cref="ArgumentException"/>.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (MissingEndFlags == MissingEndFlagsAssumption.TerminalUnlessTimeLimit && TimeLimit is null or < 1)
        {
            errors.Add($"{nameof(MissingEndFlags)} = {MissingEndFlags} needs a positive {nameof(TimeLimit)}.");
        }

        if (DiscreteActionCount is < 1)
        {
            errors.Add($"{nameof(DiscreteActionCount)} must be at least 1 (got {DiscreteActionCount}).");
        }

        if ((ActionLow is null) != (ActionHigh is null))
        {
            errors.Add($"Give both {nameof(ActionLow)} and {nameof(ActionHigh)}, or neither.");
        }
        else if (ActionLow is not null && ActionHigh is not null && ActionLow.Count != ActionHigh.Count)
        {
            errors.Add($"{nameof(ActionLow)} has {ActionLow.Count} values but {nameof(ActionHigh)} has {ActionHigh.Count}.");
        }

        if (MaxErrors < 1)
        {
            errors.Add($"{nameof(MaxErrors)} must be at least 1.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid dataset load options:\n  " + string.Join("\n  ", errors));
        }
    }
}
