using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace OfflineRl.MLNet.Tests.Serving;

/// <summary>
/// <c>offlinerl serve</c> as a user runs it: its own process, started from the CLI's build output, reached over HTTP.
/// The address comes from the line the command prints once it listens. Disposing kills the process if it still runs.
/// </summary>
internal sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<string> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_stdout)
            {
                _stdout.AppendLine(e.Data);
            }

            if (Listening().Match(e.Data) is { Success: true } m)
            {
                _address.TrySetResult(m.Groups[1].Value);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        process.Exited += (_, _) => _address.TrySetException(new InvalidOperationException($"serve exited with {process.ExitCode} before listening:\n{Output}"));
    }

    public int Id => _process.Id;

    public HttpClient Client { get; private set; } = null!;

    public Uri Address => Client.BaseAddress!;

    /// <summary>Everything the process wrote so far, stdout then stderr (the log).</summary>
    public string Output
    {
        get
        {
            lock (_stdout)
            {
                lock (_stderr)
                {
                    return _stdout + "\n" + _stderr;
                }
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>offlinerl serve</c> with <paramref name="args"/> (and <paramref name="apiKey"/> in its environment, never on its command line).</summary>
    public static ServeProcess Start(string? apiKey, params string[] args)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var start = new ProcessStartInfo(host, [Cli.CliProcess.Dll, "serve", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("OFFLINERL_API_KEY");
        if (apiKey is not null)
        {
            start.Environment["OFFLINERL_API_KEY"] = apiKey;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var serve = new ServeProcess(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return serve;
    }

    /// <summary>Starts the server and waits until it listens.</summary>
    public static async Task<ServeProcess> StartListeningAsync(string? apiKey, params string[] args)
    {
        ServeProcess serve = Start(apiKey, args);
        try
        {
            string address = await serve._address.Task.WaitAsync(TimeSpan.FromSeconds(60));
            // "http://0.0.0.0:port" or "http://[::]:port" is reached on loopback.
            address = address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
            serve.Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
            return serve;
        }
        catch
        {
            await serve.DisposeAsync();
            throw;
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits until the log contains <paramref name="text"/> <paramref name="count"/> times.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout, int count = 1)
    {
        var clock = Stopwatch.StartNew();
        while (Regex.Count(Output, Regex.Escape(text)) < count)
        {
            Assert.True(clock.Elapsed < timeout, $"'{text}' did not appear {count}× within {timeout.TotalSeconds} s:\n{Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>SIGTERM, as a service manager or container runtime stops a server.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"^serving \S+ on (\S+?),?(?:\s|$)")]
    private static partial Regex Listening();
}
