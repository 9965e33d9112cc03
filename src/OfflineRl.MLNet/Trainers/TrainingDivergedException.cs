namespace OfflineRl.MLNet.Trainers;

/// <summary>Training produced a NaN or infinite loss; the message names the step and the loss.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner exception.</summary>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an empty exception.</summary>
    public TrainingDivergedException()
        : base("Training diverged.")
    {
    }

    /// <summary>The step at which the loss stopped being finite (1-based), when known.</summary>
    public int Step { get; init; }

    /// <summary>The loss that stopped being finite, when known.</summary>
    public string? Loss { get; init; }

    /// <summary>The last checkpoint written before the failure, if any.</summary>
    public string? LastCheckpoint { get; init; }
}
