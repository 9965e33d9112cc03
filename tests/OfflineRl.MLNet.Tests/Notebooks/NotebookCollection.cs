namespace OfflineRl.MLNet.Tests.Notebooks;

/// <summary>
/// Notebook runs change the process's current directory and the kernel's process-wide formatter settings while they run, so they run alone: no other
/// test runs alongside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Notebooks (run alone)";
}
