using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OfflineRl.MLNet.Serving;

/// <summary>
/// Holds the served model and replaces it without downtime. Requests take the current model with a reference count
/// and no lock; <see cref="ReloadAsync(string, CancellationToken)"/> validates a new file (it loads in ONNX Runtime, has
/// the contract's input and outputs with the serving model's shapes, and scores a test row), then swaps it in with one
/// atomic exchange. Requests already running finish on the old model, which is disposed when the last of them ends.
/// A file that fails validation is logged with the reason and the old model keeps serving. Registered as a singleton by
/// <see cref="Microsoft.Extensions.DependencyInjection.PolicyServingServiceCollectionExtensions.AddOfflineRlPolicy"/>; inject it to reload from code.
/// </summary>
public sealed partial class PolicyModelHost : IDisposable
{
    // Bigger than any policy network the library exports by orders of magnitude; a file beyond it is not read.
    private const long MaxModelBytes = 1L << 30;

    private readonly PolicyServingOptions _options;
    private readonly ILogger<PolicyModelHost> _logger;
    private readonly ServingMetrics _metrics;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private ServedModel? _current;
    private long _lastVersion;
    private volatile bool _stopping;
    private volatile string? _notReadyReason = "no model loaded yet";
    private int _disposed;

    /// <summary>No model is loaded until <see cref="ReloadAsync(CancellationToken)"/> (the app's start-up does that).</summary>
    internal PolicyModelHost(IOptions<PolicyServingOptions> options, ILogger<PolicyModelHost> logger, ServingMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(metrics);
        _options = options.Value;
        _logger = logger;
        _metrics = metrics;
        _metrics.ObserveModel(this);
    }

    /// <summary>True while a model is loaded and the app is not shutting down: what the readiness endpoint answers.</summary>
    public bool IsReady => !_stopping && Volatile.Read(ref _current) is not null;

    /// <summary>Why <see cref="IsReady"/> is false (null when ready).</summary>
    public string? NotReadyReason => _stopping ? "shutting down" : Volatile.Read(ref _current) is null ? _notReadyReason : null;

    /// <summary>The serving model's version: 1 for the first model loaded, one more for each replacement; 0 before any.</summary>
    public long ModelVersion => Volatile.Read(ref _current)?.Version ?? 0;

    /// <summary>The serving model's file name (no folder), or null before any model is loaded.</summary>
    public string? ModelFileName => Volatile.Read(ref _current)?.FileName;

    /// <summary>Reloads <see cref="PolicyServingOptions.ModelPath"/>.</summary>
    /// <exception cref="InvalidOperationException">When no model path is configured.</exception>
    public Task<ModelReloadResult> ReloadAsync(CancellationToken cancellationToken = default) =>
        ReloadAsync(_options.ModelPath ?? throw new InvalidOperationException("PolicyServingOptions.ModelPath is not set."), cancellationToken);

    /// <summary>
    /// Validates the model file at <paramref name="path"/> and, if it passes, makes it the served model. Never throws
    /// for a bad file: the result says why it was rejected, and the same reason is logged as a warning.
    /// </summary>
    /// <param name="path">An exported policy (.onnx).</param>
    /// <param name="cancellationToken">Cancels waiting for another reload in progress.</param>
    public async Task<ModelReloadResult> ReloadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _reloadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Off the caller's thread: loading a session is CPU work and the caller may be a request or a file event.
            return await Task.Run(() => Reload(path), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    /// <summary>Releases the served model (after requests still holding it finish).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref _current, null)?.Release();
        _reloadGate.Dispose();
    }

    /// <summary>The current model with a reference taken, or null when none is loaded; the caller must <see cref="ServedModel.Release"/> it.</summary>
    internal ServedModel? Acquire()
    {
        while (true)
        {
            ServedModel? model = Volatile.Read(ref _current);
            if (model is null || model.TryAcquire())
            {
                return model;
            }

            // Released between the read and the increment: a swap happened, so the new current model is there to take.
        }
    }

    /// <summary>Readiness turns false as soon as shutdown begins, so load balancers stop sending while requests drain.</summary>
    internal void MarkStopping() => _stopping = true;

    private ModelReloadResult Reload(string path)
    {
        var clock = Stopwatch.StartNew();
        string fileName = Path.GetFileName(path);
        ServedModel? previous = Volatile.Read(ref _current);
        ModelReloadResult Reject(string reason)
        {
            string message = previous is null
                ? $"model file '{fileName}' rejected: {reason} No model is serving yet."
                : $"model file '{fileName}' rejected: {reason} Still serving version {previous.Version} ('{previous.FileName}').";
            if (previous is null)
            {
                _notReadyReason = message;
            }

            LogRejected(_logger, path, reason, previous?.Version ?? 0);
            _metrics.Reloaded(ModelReloadOutcome.Rejected);
            return new ModelReloadResult(ModelReloadOutcome.Rejected, previous?.Version ?? 0, message, clock.Elapsed);
        }

        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return Reject("the file does not exist.");
            }

            if (info.Length > MaxModelBytes)
            {
                return Reject($"the file has {info.Length} bytes, more than the limit of {MaxModelBytes}.");
            }

            // One read: the bytes validated are the bytes served, even if the file changes again meanwhile.
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Reject($"it cannot be read: {ex.Message}");
        }

        byte[] hash = SHA256.HashData(bytes);
        if (previous is not null && hash.AsSpan().SequenceEqual(previous.ContentHash))
        {
            _metrics.Reloaded(ModelReloadOutcome.Unchanged);
            return new ModelReloadResult(ModelReloadOutcome.Unchanged, previous.Version, $"model file '{fileName}' has the bytes of the serving version {previous.Version}; nothing changed.", clock.Elapsed);
        }

        ServedModel candidate;
        try
        {
            candidate = ServedModel.Create(bytes, fileName, hash, _lastVersion + 1, previous);
        }
        catch (InvalidDataException ex)
        {
            return Reject(ex.Message);
        }

        _lastVersion = candidate.Version;
        ServedModel? replaced = Interlocked.Exchange(ref _current, candidate);
        replaced?.Release();
        clock.Stop();
        LogReplaced(_logger, candidate.Version, path, candidate.Policy.ObservationSize, clock.Elapsed.TotalMilliseconds);
        _metrics.Reloaded(ModelReloadOutcome.Replaced);
        return new ModelReloadResult(ModelReloadOutcome.Replaced, candidate.Version, $"model file '{fileName}' now serves as version {candidate.Version}.", clock.Elapsed);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Serving model version {Version} from {Path} ({ObservationSize} observation values; loaded and validated in {Milliseconds:0.0} ms).")]
    private static partial void LogReplaced(ILogger logger, long version, string path, int observationSize, double milliseconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Model file {Path} rejected, the serving model (version {Version}; 0 = none) stays: {Reason}")]
    private static partial void LogRejected(ILogger logger, string path, string reason, long version);
}
