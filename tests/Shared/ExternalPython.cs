using System.Diagnostics;
using System.Text.Json;

namespace OfflineRl.MLNet.Tests;

/// <summary>
/// Debian's Python with h5py (<c>python3-h5py</c>, installed by build/test.sh): the tests write HDF5 files with the
/// format's own writer, not with this library. Missing, it fails the test with the install command — it never skips.
/// </summary>
internal static class ExternalPython
{
    /// <summary>Debian's interpreter: the one python3-h5py installs into (a pyenv or venv python3 on PATH lacks it).</summary>
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>
    /// Runs <paramref name="script"/> with the arguments in <paramref name="workingDirectory"/>; fails the test with its
    /// output when it exits non-zero. Returns standard output.
    /// </summary>
    public static string Run(string script, string workingDirectory, params string[] arguments)
    {
        Assert.True(File.Exists(Interpreter),
            $"{Interpreter} not found: the HDF5 tests write their files with h5py; install it with `apt-get install -y python3-h5py` (build/test.sh does)");
        var scriptPath = Path.Combine(workingDirectory, $"script-{Guid.NewGuid():N}.py");
        File.WriteAllText(scriptPath, script);
        var start = new ProcessStartInfo(Interpreter)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(scriptPath);
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var errors = stderr.Result;
        Assert.False(errors.Contains("No module named 'h5py'", StringComparison.Ordinal),
            "h5py is missing: install it with `apt-get install -y python3-h5py` (build/test.sh does); the HDF5 tests need the format's own writer");
        Assert.True(process.ExitCode == 0, $"{Interpreter} {Path.GetFileName(scriptPath)} exited with {process.ExitCode}:\n{errors}\n{stdout}");
        File.Delete(scriptPath);
        return stdout;
    }

    /// <summary>Reads the JSON file a script dumped (the values it wrote, for comparing with what the loader read).</summary>
    public static JsonElement Json(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    /// <summary>A JSON array of numbers (any nesting) flattened to floats.</summary>
    public static float[] Floats(JsonElement array) => [.. Flatten(array).Select(e => (float)e.GetDouble())];

    /// <summary>A JSON array of booleans or 0/1 (any nesting) flattened.</summary>
    public static bool[] Flags(JsonElement array) =>
        [.. Flatten(array).Select(e => e.ValueKind == JsonValueKind.True || (e.ValueKind == JsonValueKind.Number && e.GetDouble() != 0))];

    /// <summary>A JSON array of integers (any nesting) flattened.</summary>
    public static long[] Longs(JsonElement array) => [.. Flatten(array).Select(e => e.GetInt64())];

    private static IEnumerable<JsonElement> Flatten(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().SelectMany(Flatten) : [e];
}
