namespace OfflineRl.MLNet.Tests.Notebooks;

/// <summary>One code cell's run.</summary>
/// <param name="ExecutionCount">1 for the first code cell, and so on.</param>
/// <param name="Source">The cell's source.</param>
/// <param name="Outputs">Streams, displays, the result value and errors, in order.</param>
/// <param name="ReturnValue">The value of the cell's last expression (null when it ends in a statement).</param>
public sealed record CellRun(int ExecutionCount, string Source, IReadOnlyList<NotebookOutput> Outputs, object? ReturnValue)
{
    /// <summary>Whether the cell threw or did not compile.</summary>
    public bool Failed => Outputs.Any(o => o.Kind == "error");
}
