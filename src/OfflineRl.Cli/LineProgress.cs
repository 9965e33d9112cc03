namespace OfflineRl.Cli;

/// <summary>Progress lines written as they are reported, on the reporting thread (<see cref="Progress{T}"/> would post them to the thread pool, out of order).</summary>
internal sealed class LineProgress(Action<string> write) : IProgress<string>
{
    public void Report(string value) => write(value);
}
