namespace OfflineRl.MLNet.Serving;

/// <summary>What became of a request to replace the served model (<see cref="PolicyModelHost.ReloadAsync(string, CancellationToken)"/>).</summary>
/// <param name="Outcome">Whether the model was replaced, left alone (same bytes) or kept because the new file was rejected.</param>
/// <param name="ModelVersion">The version serving after the call (0 while no model is loaded).</param>
/// <param name="Message">What happened, e.g. the reason a file was rejected. Names the file, never a key.</param>
/// <param name="Elapsed">Time spent reading and validating the file.</param>
public sealed record ModelReloadResult(ModelReloadOutcome Outcome, long ModelVersion, string Message, TimeSpan Elapsed)
{
    /// <summary>True when the new model now serves.</summary>
    public bool Replaced => Outcome == ModelReloadOutcome.Replaced;
}

/// <summary>Outcome of a model replacement.</summary>
public enum ModelReloadOutcome
{
    /// <summary>The new file was valid and now serves every new request.</summary>
    Replaced,

    /// <summary>The file has the same bytes as the serving model: nothing to do.</summary>
    Unchanged,

    /// <summary>The file was rejected (unreadable, not a policy, different shapes, failed the test row); the previous model still serves.</summary>
    Rejected,
}
