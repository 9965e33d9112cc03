namespace OfflineRl.MLNet.Tests.Nn;

/// <summary>
/// Tests that need the process's one worker pool to themselves (another test training beside them holds it, and their
/// work then runs inline) run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkerPoolCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Worker pool (run alone)";
}
