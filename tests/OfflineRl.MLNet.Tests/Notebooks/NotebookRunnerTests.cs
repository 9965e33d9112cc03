using Microsoft.ML;
using System.Text.Json.Nodes;

namespace OfflineRl.MLNet.Tests.Notebooks;

/// <summary>The runner behaves like the C# kernel on small made-up notebooks.</summary>
[Collection(NotebookCollection.Name)]
public sealed class NotebookRunnerTests
{
    private static NotebookDocument Write(params string[] codeCells)
    {
        var dir = Path.Combine(Path.GetTempPath(), "offlinerl-notebook-runner", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var cells = new JsonArray(codeCells.Select((code, i) => (JsonNode)new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["id"] = $"c{i}",
            ["metadata"] = new JsonObject(),
            ["outputs"] = new JsonArray(),
            ["source"] = NotebookDocument.Lines(code),
        }).ToArray());
        var path = Path.Combine(dir, "test.ipynb");
        File.WriteAllText(path, new JsonObject { ["cells"] = cells, ["metadata"] = new JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 5 }.ToJsonString());
        return NotebookDocument.Load(path);
    }

    [Fact]
    public async Task Cells_share_state_and_show_console_displays_and_the_last_value_in_order()
    {
        var notebook = Write(
            $"#r \"nuget: Microsoft.ML, {NotebookRunner.BoundPackageVersion}\"\n#r \"../src/OfflineRl.MLNet/bin/Release/net10.0/OfflineRl.MLNet.dll\"\nusing Microsoft.ML;\nusing OfflineRl.MLNet;\nvar x = 2;",
            "Console.WriteLine(\"hi\");\ndisplay(\"<svg xmlns='http://www.w3.org/2000/svg'/>\");\ndisplay(new[] { 1, 2 });\nx * 21",
            "display(\"x\", \"text/markdown\");\nnew MLContext(x).OfflineRL().Context is MLContext ? x : 0");
        var run = await NotebookRunner.RunAsync(notebook);
        Assert.Null(run.FirstError);
        Assert.Empty(run.Cells[0].Outputs);
        Assert.Equal(
            [NotebookOutput.Stream("hi\n"), NotebookOutput.Display("image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg'/>"),
             NotebookOutput.Display("text/plain", "[1, 2]"), NotebookOutput.Result("42")],
            run.Cells[1].Outputs);
        Assert.Equal([NotebookOutput.Display("text/markdown", "x"), NotebookOutput.Result("2")], run.Cells[2].Outputs);
        Assert.Equal(2, run.Get<int>("x"));
    }

    [Fact]
    public async Task A_failing_cell_records_the_error_and_stops_the_run()
    {
        var run = await NotebookRunner.RunAsync(Write("var a = 1;", "throw new InvalidOperationException(\"boom\");", "var never = 1;"));
        Assert.Equal(2, run.Cells.Count);
        var error = Assert.Single(run.Cells[1].Outputs);
        Assert.Equal("error", error.Kind);
        Assert.Equal("InvalidOperationException", error.MimeType);
        Assert.Contains("boom", error.Text, StringComparison.Ordinal);

        var compile = await NotebookRunner.RunAsync(Write("int y = \"text\";"));
        Assert.Equal("CompilationError", compile.Cells[0].Outputs[0].MimeType);
    }

    [Fact]
    public async Task Nuget_references_are_refused_with_the_reason()
    {
        var run = await NotebookRunner.RunAsync(Write("#r \"nuget: Microsoft.ML, 4.0.0\""));
        Assert.Contains("no package feed", run.Cells[0].Outputs[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Written_outputs_are_nbformat_json_with_the_source_hash()
    {
        var notebook = Write("1 + 1");
        notebook.WriteOutputs(await NotebookRunner.RunAsync(notebook));
        notebook.Save();
        var cell = NotebookDocument.Load(notebook.Path).CodeCells[0];
        Assert.Equal(1, (int)cell["execution_count"]!);
        var output = cell["outputs"]![0]!;
        Assert.Equal("execute_result", (string?)output["output_type"]);
        Assert.Equal("2", (string?)output["data"]!["text/plain"]![0]);
        Assert.Equal(NotebookDocument.SourceHash(cell), NotebookDocument.RecordedSourceHash(cell));
    }
}
