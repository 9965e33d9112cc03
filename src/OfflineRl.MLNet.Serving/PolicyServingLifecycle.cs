using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OfflineRl.MLNet.Serving;

/// <summary>
/// Start-up and shutdown of a hosted policy: loads the model before the server binds (a bad file stops the start unless
/// the file is watched), starts the file watcher, refuses to run on an address beyond loopback without an API key once
/// the server has bound, and turns readiness off when shutdown begins.
/// </summary>
internal sealed partial class PolicyServingLifecycle : IHostedLifecycleService, IDisposable
{
    private readonly PolicyModelHost _host;
    private readonly PolicyServingOptions _options;
    private readonly ApiKeyAuthenticator _authenticator;
    private readonly IServer _server;
    private readonly ILogger<PolicyServingLifecycle> _logger;
    private ModelFileWatcher? _watcher;

    public PolicyServingLifecycle(PolicyModelHost host, IOptions<PolicyServingOptions> options, ApiKeyAuthenticator authenticator, IServer server, ILogger<PolicyServingLifecycle> logger)
    {
        _host = host;
        _options = options.Value;
        _authenticator = authenticator;
        _server = server;
        _logger = logger;
    }

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        Validate(_options);
        if (_options.ModelPath is null)
        {
            return;
        }

        ModelReloadResult loaded = await _host.ReloadAsync(_options.ModelPath, cancellationToken).ConfigureAwait(false);
        if (loaded.Outcome == ModelReloadOutcome.Rejected && !_options.WatchModelFile)
        {
            throw new InvalidOperationException($"Cannot serve '{_options.ModelPath}': {loaded.Message}");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.WatchModelFile && _options.ModelPath is not null)
        {
            _watcher = new ModelFileWatcher(_host, Path.GetFullPath(_options.ModelPath), _options.WatchDebounce, _logger);
        }

        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        ICollection<string> addresses = _server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        string? exposed = addresses.FirstOrDefault(a => !IsLoopback(a));
        if (exposed is not null && !_authenticator.HasKeys)
        {
            LogRefused(_logger, exposed);
            throw new InvalidOperationException(
                $"Refusing to serve the policy on {exposed}, which is reachable beyond this machine, without an API key. " +
                "Set PolicyServingOptions.ApiKeys (offlinerl serve: --api-key-file or the OFFLINERL_API_KEY variable), or listen on 127.0.0.1 / [::1] / localhost.");
        }

        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        _host.MarkStopping();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher?.Dispose();
        _watcher = null;
        return Task.CompletedTask;
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _watcher?.Dispose();

    /// <summary>True for an address only this machine can reach: a loopback IP, <c>localhost</c> or a Unix socket.</summary>
    internal static bool IsLoopback(string address)
    {
        if (address.StartsWith("http://unix:", StringComparison.OrdinalIgnoreCase) || address.StartsWith("https://unix:", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        int scheme = address.IndexOf("://", StringComparison.Ordinal);
        string rest = scheme < 0 ? address : address[(scheme + 3)..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string authority = slash < 0 ? rest : rest[..slash];
        string host = authority.StartsWith('[') ? authority[1..Math.Max(1, authority.IndexOf(']', StringComparison.Ordinal))] : authority.Split(':')[0];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // "*", "+", 0.0.0.0, [::] and every real interface address are reachable from elsewhere.
        return IPAddress.TryParse(host, out IPAddress? ip) && IPAddress.IsLoopback(ip);
    }

    private static void Validate(PolicyServingOptions options)
    {
        var problems = new List<string>();
        if (options.ModelPath is { } path && string.IsNullOrWhiteSpace(path))
        {
            problems.Add("ModelPath is blank");
        }

        if (options.WatchModelFile && options.ModelPath is null)
        {
            problems.Add("WatchModelFile needs a ModelPath");
        }

        for (int i = 0; i < options.ApiKeys.Count; i++)
        {
            string key = options.ApiKeys[i] ?? "";
            // The key itself is never part of a message.
            if (key.Length < PolicyServingOptions.MinimumApiKeyLength || key.Any(char.IsWhiteSpace) || key.Any(char.IsControl))
            {
                problems.Add($"API key {i + 1} of {options.ApiKeys.Count} has {key.Length} characters or contains whitespace; use at least {PolicyServingOptions.MinimumApiKeyLength} visible characters");
            }
        }

        if (options.MaxBodyBytes < 64)
        {
            problems.Add($"MaxBodyBytes is {options.MaxBodyBytes}; at least 64");
        }

        if (options.MaxRows < 1)
        {
            problems.Add($"MaxRows is {options.MaxRows}; at least 1");
        }

        if (options.WatchDebounce < TimeSpan.Zero)
        {
            problems.Add("WatchDebounce is negative");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"PolicyServingOptions: {string.Join("; ", problems)}.");
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Critical, Message = "Refusing to serve the policy on {Address} without an API key: the address is reachable beyond loopback.")]
    private static partial void LogRefused(ILogger logger, string address);
}
