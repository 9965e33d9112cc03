namespace OfflineRl.MLNet.Trainers;

/// <summary>
/// Options that cannot be used, with every failure found (not only the first): thrown by
/// <see cref="TrainerOptions.Validate"/> and by the other options checks of the library.
/// </summary>
public sealed class InvalidOptionsException : ArgumentException
{
    /// <summary>The failures of the options named <paramref name="optionsName"/>.</summary>
    public InvalidOptionsException(string optionsName, IReadOnlyList<string> errors)
        : base($"Invalid {optionsName}:\n  " + string.Join("\n  ", errors))
    {
        OptionsName = optionsName;
        Errors = [.. errors];
    }

    /// <summary>The options type (or object) that failed.</summary>
    public string OptionsName { get; }

    /// <summary>Each failure, one sentence each, in the order found.</summary>
    public IReadOnlyList<string> Errors { get; }
}
