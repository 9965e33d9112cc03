using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using OfflineRl.Samples.SqliteDecisions;

namespace OfflineRl.MLNet.Tests.Samples;

/// <summary>
/// The SQLite sample end to end, then its saved zip scored by ScoreSavedModel in a separate process that has ML.NET but not
/// this library: every row's action must be the one the sample's PredictionEngine gave.
/// </summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed class SqliteDecisionsSampleTests
{
    [Fact]
    public void Iql_from_sqlite_beats_the_clinicians_and_another_process_without_the_library_scores_the_zip_the_same()
    {
        var dir = Path.Combine(Path.GetTempPath(), "offlinerl-sample-tests", Guid.NewGuid().ToString("N"));
        var output = new StringWriter();
        SqliteDecisionsResult result = OfflineRl.Samples.SqliteDecisions.Program.Run([dir], output);

        Assert.Equal(400, result.Patients);
        Assert.Equal(CountRows(result.DatabasePath), result.Rows);
        Assert.Equal(result.Rows, result.PredictedActions.Count);
        Assert.All(result.PredictedActions, a => Assert.InRange(a, 0, Ward.TreatmentCount - 1));
        Assert.True(result.LoggingBetterRate is > 0.3 and < 0.6, $"clinicians {result.LoggingBetterRate}");
        Assert.True(result.IqlBetterRate > 0.85, $"IQL {result.IqlBetterRate}");
        Assert.True(result.IqlBetterRate > result.LoggingBetterRate + 0.3, $"IQL {result.IqlBetterRate} vs clinicians {result.LoggingBetterRate}");
        Assert.Contains("better treatment on the logged states: clinicians", output.ToString(), StringComparison.Ordinal);

        // Off-policy evaluation from the log alone picks IQL, and the simulated ward agrees: IQL > clinicians > BC (BC's
        // greedy action is the clinicians' most common one, standard care).
        Assert.Equal("IQL", result.Deployed);
        Assert.Equal(["IQL", "BC"], result.Ranking.By("FQE").Select(r => r.Policy));
        Assert.Equal(["IQL", "BC"], result.Ranking.By("WPDIS").Select(r => r.Policy));
        Assert.True(result.TrueValues["IQL"] > result.TrueValues["clinicians"] && result.TrueValues["clinicians"] > result.TrueValues["BC"],
            string.Join(", ", result.TrueValues));
        var estimates = new[] { result.LoggedValue.Value, result.Ranking.Metrics["BC"].FittedQ!.Value, result.Ranking.Metrics["IQL"].FittedQ!.Value };
        var truths = new[] { result.TrueValues["clinicians"], result.TrueValues["BC"], result.TrueValues["IQL"] };
        Assert.Equal(1.0, OfflineRl.MLNet.Evaluation.PolicyRanking.SpearmanCorrelation(estimates, truths), 9);
        Assert.All(estimates.Zip(truths), p => Assert.InRange(p.First, p.Second - 0.6, p.Second + 0.6));
        Assert.Contains("deploy: IQL", output.ToString(), StringComparison.Ordinal);

        var scorer = ScorerDll();
        var scorerDir = Path.GetDirectoryName(scorer)!;
        Assert.False(File.Exists(Path.Combine(scorerDir, "OfflineRl.MLNet.dll")), "the scorer's output folder must not hold the library");
        Assert.DoesNotContain("OfflineRl.MLNet", File.ReadAllText(Path.ChangeExtension(scorer, ".deps.json")), StringComparison.Ordinal);
        Assert.Contains(Directory.EnumerateFiles(scorerDir, "*", SearchOption.AllDirectories),
            f => Path.GetFileName(f) is "libonnxruntime.so" or "onnxruntime.dll" or "libonnxruntime.dylib");

        var (exitCode, stdout, stderr) = RunProcess(scorer, result.ModelPath, result.ObservationsCsvPath);
        Assert.True(exitCode == 0, $"exit code {exitCode}: {stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("PredictedAction", lines[0]);
        var scored = lines.Skip(1).Select(l => long.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(result.Rows, scored.Length);
        Assert.Equal(result.PredictedActions, scored);
        Assert.Contains($"scored {result.Rows} rows", stderr, StringComparison.Ordinal);

        Directory.Delete(dir, recursive: true);
    }

    private static long CountRows(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM decisions";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The scorer built beside this test assembly's configuration: samples/ScoreSavedModel/bin/&lt;config&gt;/&lt;tfm&gt;/.</summary>
    private static string ScorerDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var dll = Path.Combine(TestData.RepoRoot, "samples", "ScoreSavedModel", "bin", configuration, tfm, "ScoreSavedModel.dll");
        Assert.True(File.Exists(dll), $"{dll} not found: build the solution (dotnet build OfflineRl.MLNet.sln -c {configuration})");
        return dll;
    }

    private static (int ExitCode, string Stdout, string Stderr) RunProcess(string dll, params string[] args)
    {
        // The SDK sets DOTNET_HOST_PATH for the processes it starts; fall back to the muxer on PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var start = new ProcessStartInfo(host, [dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("ScoreSavedModel did not finish within 2 minutes");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
