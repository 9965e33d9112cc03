using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace OfflineRl.MLNet.Tests.Notebooks;

/// <summary>
/// The committed notebooks are valid nbformat 4 with the metadata .NET Interactive / Polyglot Notebooks expects, and their
/// outputs were written by the runner from the cells' current sources (no hand-written or stale outputs). No execution.
/// </summary>
public sealed class NotebookFormatTests
{
    public static TheoryData<string> Notebooks => new(NotebookFiles.All.Select(Path.GetFileName).OfType<string>());

    [Fact]
    public void The_three_notebooks_are_there() =>
        Assert.Equal(["advantage-weighting.ipynb", "quick-start.ipynb", "stitching.ipynb"], NotebookFiles.All.Select(Path.GetFileName));

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_is_nbformat_4_with_csharp_kernel_metadata(string fileName)
    {
        var notebook = NotebookDocument.Load(Path.Combine(NotebookFiles.Folder, fileName));
        var root = notebook.Root;
        Assert.Equal(4, (int)root["nbformat"]!);
        Assert.True((int)root["nbformat_minor"]! >= 4);
        var metadata = root["metadata"]!.AsObject();
        Assert.Equal(".NET (C#)", (string?)metadata["kernelspec"]!["display_name"]);
        Assert.Equal("C#", (string?)metadata["kernelspec"]!["language"]);
        Assert.Equal(".net-csharp", (string?)metadata["kernelspec"]!["name"]);
        Assert.Equal("C#", (string?)metadata["language_info"]!["name"]);
        Assert.Equal("csharp", (string?)metadata["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]);
        Assert.Contains(metadata["polyglot_notebook"]!["kernelInfo"]!["items"]!.AsArray(), i => (string?)i!["name"] == "csharp");

        var ids = notebook.Cells.Select(c => (string?)c["id"]).ToList();
        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(notebook.Cells, c => Assert.Contains((string?)c["cell_type"], new[] { "markdown", "code" }));
        Assert.True(notebook.Cells.Count(c => (string?)c["cell_type"] == "markdown") >= 3, "the notebook should explain itself in markdown cells");
        Assert.Contains($"#r \"../src/OfflineRl.MLNet/bin/Release/net10.0/{NotebookRunner.LibraryFileName}\"", NotebookDocument.SourceOf(notebook.CodeCells[0]), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Code_cells_carry_kernel_metadata_and_fresh_runner_outputs(string fileName)
    {
        var notebook = NotebookDocument.Load(Path.Combine(NotebookFiles.Folder, fileName));
        var count = 0;
        foreach (var cell in notebook.CodeCells)
        {
            count++;
            var where = $"{fileName}, code cell {count}";
            Assert.Equal("csharp", (string?)cell["metadata"]!["dotnet_interactive"]!["language"]);
            Assert.Equal("csharp", (string?)cell["metadata"]!["polyglot_notebook"]!["kernelName"]);
            Assert.True(NotebookDocument.RecordedSourceHash(cell) == NotebookDocument.SourceHash(cell),
                $"{where}: its outputs were not produced from its current source; refresh with {NotebookFiles.UpdateVariable}=1 (README, Notebooks).");
            Assert.Equal(count, (int)cell["execution_count"]!);
            var outputs = cell["outputs"]!.AsArray().Select(o => o!.AsObject()).ToList();
            foreach (var output in outputs)
            {
                switch ((string?)output["output_type"])
                {
                    case "stream":
                        Assert.Equal("stdout", (string?)output["name"]);
                        Assert.NotNull(output["text"]);
                        break;
                    case "display_data":
                        Assert.IsType<JsonObject>(output["metadata"]);
                        Assert.NotEmpty(output["data"]!.AsObject());
                        break;
                    case "execute_result":
                        Assert.Equal(count, (int)output["execution_count"]!);
                        Assert.NotEmpty(output["data"]!.AsObject());
                        break;
                    default:
                        Assert.Fail($"{where}: output type {(string?)output["output_type"]} (an error, or not nbformat 4)");
                        break;
                }
            }
        }

        var charts = notebook.CodeCells.SelectMany(c => c["outputs"]!.AsArray())
            .Select(o => o!["data"]?["image/svg+xml"]).OfType<JsonArray>()
            .Select(lines => string.Concat(lines.Select(l => (string?)l))).ToList();
        Assert.NotEmpty(charts);
        Assert.All(charts, svg => Assert.Equal("svg", XDocument.Parse(svg).Root!.Name.LocalName));
    }
}
