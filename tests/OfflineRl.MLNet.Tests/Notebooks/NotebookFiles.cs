using System.Text.Json.Nodes;

namespace OfflineRl.MLNet.Tests.Notebooks;

/// <summary>
/// Where the notebooks are, and running one for a test: when <see cref="UpdateVariable"/> is 1 the outputs are written
/// into the .ipynb (like <c>jupyter nbconvert --execute --inplace</c>); otherwise the committed outputs must have the shape
/// of this run (same kinds of output per cell), so a notebook whose code changed without refreshing its outputs fails.
/// </summary>
internal static class NotebookFiles
{
    /// <summary>Set to 1 to write fresh outputs into the notebooks.</summary>
    public const string UpdateVariable = "OFFLINERL_UPDATE_NOTEBOOKS";

    public static string Folder => Path.Combine(TestData.RepoRoot, "notebooks");

    public static IEnumerable<string> All => Directory.EnumerateFiles(Folder, "*.ipynb").Order(StringComparer.Ordinal);

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    public static async Task<NotebookRun> RunAsync(string fileName)
    {
        var notebook = NotebookDocument.Load(Path.Combine(Folder, fileName));
        var committed = notebook.CodeCells.Select(c => Shape(c["outputs"] as JsonArray)).ToList();
        var run = await NotebookRunner.RunAsync(notebook);
        if (run.FirstError is { } failed)
        {
            var error = failed.Outputs.First(o => o.Kind == "error");
            Assert.Fail($"{fileName}: code cell {failed.ExecutionCount} failed: {error.MimeType}: {error.Text}\n--- cell source ---\n{failed.Source}");
        }

        Assert.Equal(notebook.CodeCells.Count, run.Cells.Count);
        if (Updating)
        {
            notebook.WriteOutputs(run);
            notebook.Save();
        }
        else
        {
            var fresh = run.Cells.Select(c => string.Join(" | ", c.Outputs.Select(o => $"{o.Kind}:{(o.Kind == "stream" ? "stdout" : o.MimeType)}"))).ToList();
            Assert.True(committed.SequenceEqual(fresh),
                $"{fileName}: the committed outputs do not match a fresh run; refresh them with {UpdateVariable}=1 (README, Notebooks).\n"
                + $"committed: {string.Join(" || ", committed)}\nfresh:     {string.Join(" || ", fresh)}");
        }

        return run;
    }

    /// <summary>"kind:mime | kind:mime" of a cell's stored outputs.</summary>
    public static string Shape(JsonArray? outputs) => string.Join(" | ", (outputs ?? []).Select(o => o!.AsObject()).Select(o =>
        (string)o["output_type"]! switch
        {
            "stream" => "stream:stdout",
            "error" => $"error:{(string?)o["ename"]}",
            var kind => $"{kind}:{o["data"]!.AsObject().First().Key}",
        }));
}
