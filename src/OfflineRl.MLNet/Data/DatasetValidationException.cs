namespace OfflineRl.MLNet.Data;

/// <summary>
/// Thrown when logged data cannot become a <see cref="TrajectoryDataset"/>. <see cref="Errors"/> lists every
/// problem found; each names the source, the episode or row, and the column.
/// </summary>
public sealed class DatasetValidationException : Exception
{
    /// <summary>Creates the exception from the list of problems found in <paramref name="source"/>.</summary>
    public DatasetValidationException(string source, IReadOnlyList<string> errors)
        : base(Format(source, errors))
    {
        Source = source;
        Errors = errors;
    }

    /// <summary>Creates the exception with a single message.</summary>
    public DatasetValidationException(string message)
        : base(message)
    {
        Source = string.Empty;
        Errors = [message];
    }

    /// <summary>Creates the exception with a single message and the error that caused it.</summary>
    public DatasetValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Source = string.Empty;
        Errors = [message];
    }

    /// <summary>Creates an empty exception (serialization and tooling only).</summary>
    public DatasetValidationException()
        : this("The dataset is invalid.")
    {
    }

    /// <summary>The data source that failed (file path or a caller-given name).</summary>
    public new string Source { get; }

    /// <summary>Every problem found, one message each.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string Format(string source, IReadOnlyList<string> errors)
    {
        const int shown = 20;
        var lines = errors.Take(shown).Select(e => "  " + e);
        var more = errors.Count > shown ? $"\n  … and {errors.Count - shown} more" : string.Empty;
        return $"{source}: {errors.Count} problem(s) in the data:\n{string.Join('\n', lines)}{more}";
    }
}
