namespace OfflineRl.MLNet.Serving;

/// <summary>
/// Settings of a hosted policy (<see cref="Microsoft.Extensions.DependencyInjection.PolicyServingServiceCollectionExtensions.AddOfflineRlPolicy"/>): which model
/// file to serve, whether to watch it for replacements, the API keys and the request limits.
/// </summary>
public sealed class PolicyServingOptions
{
    /// <summary>Default of <see cref="MaxBodyBytes"/>: 1 MiB.</summary>
    public const int DefaultMaxBodyBytes = 1 << 20;

    /// <summary>Default of <see cref="MaxRows"/>.</summary>
    public const int DefaultMaxRows = 4096;

    /// <summary>Shortest accepted API key: shorter secrets are guessable.</summary>
    public const int MinimumApiKeyLength = 16;

    /// <summary>
    /// The exported policy (.onnx, docs/onnx.md) to serve. Loaded at start-up; when it cannot be loaded the host does not
    /// start, unless <see cref="WatchModelFile"/> is on, in which case the app starts not ready and waits for a valid file.
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// Replace the model whenever <see cref="ModelPath"/> changes on disk (written in place or renamed over it). A new file
    /// is validated first; a bad one is logged and the previous model keeps serving.
    /// </summary>
    public bool WatchModelFile { get; set; }

    /// <summary>How long the file must stay quiet after a change before it is loaded (a copy in progress fires many events).</summary>
    public TimeSpan WatchDebounce { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Accepted keys, sent as <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>; more than one
    /// lets clients move from an old key to a new one. Required when the server listens beyond loopback: the host refuses
    /// to start otherwise. Each key has at least <see cref="MinimumApiKeyLength"/> characters.
    /// </summary>
    public IList<string> ApiKeys { get; } = [];

    /// <summary>Expose <c>POST {prefix}/admin/reload</c> (reloads <see cref="ModelPath"/>; needs a key like <c>/act</c>).</summary>
    public bool EnableReloadEndpoint { get; set; } = true;

    /// <summary>Largest accepted <c>/act</c> body in bytes; larger ones get HTTP 400.</summary>
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>Most observations in one <c>/act</c> request; more get HTTP 400.</summary>
    public int MaxRows { get; set; } = DefaultMaxRows;
}
