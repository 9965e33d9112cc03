using Microsoft.Extensions.Logging;

namespace OfflineRl.MLNet.Serving;

/// <summary>
/// Reloads the model when its file changes: written in place (many change events while the copy runs) or renamed over
/// (one event; the atomic way to publish a model). Events restart a quiet-period timer, and only when the file has been
/// quiet for the debounce time is it loaded, so a half-written file is usually never read; if it is, validation rejects
/// it and the next event loads the finished file.
/// </summary>
internal sealed partial class ModelFileWatcher : IDisposable
{
    private readonly PolicyModelHost _host;
    private readonly string _path;
    private readonly TimeSpan _debounce;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _timer;
    private int _disposed;

    public ModelFileWatcher(PolicyModelHost host, string fullPath, TimeSpan debounce, ILogger logger)
    {
        _host = host;
        _path = fullPath;
        _debounce = debounce;
        _logger = logger;
        _timer = new Timer(_ => OnQuiet(), null, Timeout.Infinite, Timeout.Infinite);
        string folder = Path.GetDirectoryName(fullPath)!;
        _watcher = new FileSystemWatcher(folder)
        {
            Filter = Path.GetFileName(fullPath),
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        _watcher.Changed += (_, _) => Touch();
        _watcher.Created += (_, _) => Touch();
        _watcher.Renamed += (_, e) =>
        {
            if (string.Equals(e.FullPath, _path, StringComparison.Ordinal))
            {
                Touch();
            }
        };
        _watcher.Error += (_, e) => LogWatchError(_logger, _path, e.GetException().Message);
        _watcher.EnableRaisingEvents = true;
        LogWatching(_logger, _path);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _watcher.Dispose();
        _timer.Dispose();
    }

    private void Touch()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _timer.Change(_debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnQuiet()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        // The host logs what became of the file (replaced or rejected with the reason).
        _ = _host.ReloadAsync(_path).ContinueWith(
            t => LogWatchError(_logger, _path, t.Exception!.GetBaseException().Message),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Watching {Path} for model replacements.")]
    private static partial void LogWatching(ILogger logger, string path);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Watching {Path} failed: {Reason}")]
    private static partial void LogWatchError(ILogger logger, string path, string reason);
}
