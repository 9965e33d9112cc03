using System.Diagnostics;
using System.Text;

namespace OfflineRl.MLNet.Tests.Cli;

/// <summary>
/// <c>offlinerl</c> in its own process, as a user runs it: started from the CLI's build output, its output collected,
/// and killed with SIGKILL (<see cref="Process.Kill()"/>) when a test wants to crash it.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CliProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote so far (stdout and stderr interleaved).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The CLI built beside this test assembly's configuration: src/OfflineRl.Cli/bin/&lt;config&gt;/&lt;tfm&gt;/offlinerl.dll.</summary>
    public static string Dll
    {
        get
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var dll = Path.Combine(TestData.RepoRoot, "src", "OfflineRl.Cli", "bin", testBin.Parent!.Name, testBin.Name, "offlinerl.dll");
            Assert.True(File.Exists(dll), $"{dll} not found: build the solution (dotnet build OfflineRl.MLNet.sln -c {testBin.Parent.Name})");
            return dll;
        }
    }

    /// <summary>Starts <c>dotnet offlinerl.dll <paramref name="args"/></c> (the test host's own <c>dotnet</c> when it says which).</summary>
    public static CliProcess Start(params string[] args)
    {
        var process = new Process { StartInfo = StartInfo(args) };
        var cli = new CliProcess(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>How to start <c>offlinerl args</c> with this test run's dotnet host, both output streams redirected.</summary>
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        return new ProcessStartInfo(host, [Dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
    }

    public static string Run(TimeSpan timeout, params string[] args)
    {
        using var cli = Start(args);
        Assert.True(cli.WaitForExit(timeout), $"offlinerl {string.Join(' ', args)} did not finish in {timeout.TotalSeconds} s:\n{cli.Output}");
        Assert.True(cli.ExitCode == 0, $"offlinerl {string.Join(' ', args)} exited with {cli.ExitCode}:\n{cli.Output}");
        return cli.Output;
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit(); // drains the redirected output
        return true;
    }

    /// <summary>SIGKILL: no finally block, no flush, no exit handler runs in the child. Waits until it is gone.</summary>
    public void KillHard()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Exited on its own in the meantime.
        }

        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            KillHard();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
