using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OfflineRl.MLNet.Tests.Packaging;

/// <summary>
/// The packages as a user gets them (build/pack-check.sh): packed, referenced from a new console app through a NuGet
/// source beside nuget.org with a fresh package folder, trained and evaluated there; the offlinerl tool installed from the
/// same folder and run.
/// </summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed partial class PackageTests
{
    [Fact]
    public async Task A_new_app_trains_with_the_packed_libraries_and_the_packed_tool_runs()
    {
        var work = Path.Combine(Path.GetTempPath(), $"offlinerl-pack-check-{Guid.NewGuid():N}");
        try
        {
            var start = new ProcessStartInfo("bash", [Path.Combine(TestData.RepoRoot, "build", "pack-check.sh"), work])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["PACK_NO_BUILD"] = "1" },
            };
            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"pack-check.sh exited {process.ExitCode}:\n{output}\n{await error}");

            // BC on 3,000 expert CartPole steps: far above a random policy's ~22 in the app that referenced the packages.
            var mean = double.Parse(MeanReturn().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(mean > 200, $"mean return {mean}");

            // The tool reads the shared dataset: 100 episodes, 49,527 steps.
            using var inspect = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]);
            Assert.Equal(100, inspect.RootElement.GetProperty("episodes").GetInt32());
            Assert.Equal(49_527, inspect.RootElement.GetProperty("steps").GetInt32());
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    [GeneratedRegex(@"mean return ([0-9.]+)")]
    private static partial Regex MeanReturn();
}
