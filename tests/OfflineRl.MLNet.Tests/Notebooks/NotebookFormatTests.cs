using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Tests.Notebooks;

/// <summary>
/// The committed notebooks are valid nbformat 4 with the metadata .NET Interactive / Polyglot Notebooks expects, reference
/// the library and ScottPlot as packages, and carry the outputs build/notebooks.sh --refresh wrote from the cells' current
/// sources in Jupyter: no errors, nothing machine-specific (no kernel bootstrap, no absolute paths, no timings). No execution.
/// </summary>
public sealed class NotebookFormatTests
{
    public static TheoryData<string> Notebooks => new(NotebookFiles.All.Select(Path.GetFileName).OfType<string>());

    private static JsonObject Load(string fileName) => JsonNode.Parse(File.ReadAllText(Path.Combine(NotebookFiles.Folder, fileName)))!.AsObject();

    private static IEnumerable<JsonObject> CodeCells(JsonObject notebook) =>
        notebook["cells"]!.AsArray().Select(c => c!.AsObject()).Where(c => (string?)c["cell_type"] == "code");

    private static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue value => (string?)value ?? "",
        _ => "",
    };

    /// <summary>The hash build/notebooks.sh records beside a cell's outputs: SHA-256 of the source (LF line ends), 16 hex digits.</summary>
    private static string SourceHash(JsonObject cell) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text(cell["source"]).Replace("\r\n", "\n", StringComparison.Ordinal))))[..16];

    [Fact]
    public void The_four_notebooks_are_there() =>
        Assert.Equal(["advantage-weighting.ipynb", "quick-start.ipynb", "stitchgrid-algorithms.ipynb", "stitching.ipynb"], NotebookFiles.All.Select(Path.GetFileName));

    [Fact]
    public void The_package_source_beside_the_notebooks_is_the_folder_the_library_is_packed_to()
    {
        var config = XDocument.Load(Path.Combine(NotebookFiles.Folder, "NuGet.config"));
        var source = Assert.Single(config.Descendants("packageSources").Elements("add"));
        Assert.Equal("../artifacts/packages", (string?)source.Attribute("value"));
        Assert.Contains("bash build/pack.sh", File.ReadAllText(Path.Combine(TestData.RepoRoot, "build", "notebooks.sh")), StringComparison.Ordinal);
        Assert.Contains("-o artifacts/packages", File.ReadAllText(Path.Combine(TestData.RepoRoot, "build", "pack.sh")), StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 23: the Jupyter run gives its kernels a home and NuGet cache of their own under out/ and deletes nothing outside
    /// it (it used to drop the library from the user's NuGet cache). The run itself checks that the kernels restored the
    /// package just packed; this keeps the script from going back.
    /// </summary>
    [Fact]
    public void The_jupyter_run_keeps_its_kernels_packages_under_out_and_deletes_nothing_of_the_users()
    {
        var script = File.ReadAllText(Path.Combine(TestData.RepoRoot, "build", "notebooks.sh"));
        Assert.Contains("kernel_home=$root/out/notebook-home", script, StringComparison.Ordinal);
        Assert.Contains("HOME=\"$kernel_home\"", script, StringComparison.Ordinal);
        Assert.Contains("NUGET_PACKAGES=\"$kernel_home/.nuget/packages\"", script, StringComparison.Ordinal);
        Assert.Contains("NUGET_FALLBACK_PACKAGES=", script, StringComparison.Ordinal);
        var deleted = script.Split('\n')
            .Where(line => line.TrimStart().StartsWith("rm ", StringComparison.Ordinal))
            .SelectMany(line => line.TrimStart()[3..].Split("&&")[0].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(argument => !argument.StartsWith('-'))
            .Select(argument => argument.Replace("\"", "", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(deleted);
        Assert.All(deleted, path => Assert.True(path.StartsWith("$kernel_home/", StringComparison.Ordinal) || path == "$fallback" || path.StartsWith("out/", StringComparison.Ordinal),
            $"build/notebooks.sh deletes {path}, outside out/"));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Notebook_is_nbformat_4_with_csharp_kernel_metadata_and_references_packages(string fileName)
    {
        var notebook = Load(fileName);
        Assert.Equal(4, (int)notebook["nbformat"]!);
        Assert.True((int)notebook["nbformat_minor"]! >= 4);
        var metadata = notebook["metadata"]!.AsObject();
        Assert.Equal(".NET (C#)", (string?)metadata["kernelspec"]!["display_name"]);
        Assert.Equal("C#", (string?)metadata["kernelspec"]!["language"]);
        Assert.Equal(".net-csharp", (string?)metadata["kernelspec"]!["name"]);
        Assert.Equal("C#", (string?)metadata["language_info"]!["name"]);
        Assert.Equal("csharp", (string?)metadata["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]);

        var cells = notebook["cells"]!.AsArray().Select(c => c!.AsObject()).ToList();
        var ids = cells.Select(c => (string?)c["id"]).ToList();
        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(cells.Count(c => (string?)c["cell_type"] == "markdown") >= 3, "the notebook should explain itself in markdown cells");

        var first = Text(CodeCells(notebook).First()["source"]);
        Assert.StartsWith($"#r \"nuget: OfflineRl.MLNet, {LibraryInfo.Version}\"\n#r \"nuget: OfflineRl.MLNet.Environments, {LibraryInfo.Version}\"\n#r \"nuget: ScottPlot, 5.1.59\"\n", first, StringComparison.Ordinal);
        Assert.Contains("Formatter.Register<Plot>", first, StringComparison.Ordinal);
        Assert.All(CodeCells(notebook), c =>
        {
            var source = Text(c["source"]);
            Assert.DoesNotContain(".dll\"", source, StringComparison.Ordinal);   // no #r of a built assembly
            Assert.DoesNotContain("OfflineRl.MLNet.Plotting", source, StringComparison.Ordinal);
        });
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Code_cells_carry_fresh_clean_outputs_from_the_kernel(string fileName)
    {
        var notebook = Load(fileName);
        var count = 0;
        var charts = new List<string>();
        foreach (var cell in CodeCells(notebook))
        {
            count++;
            var where = $"{fileName}, code cell {count}";
            Assert.Equal("csharp", (string?)cell["metadata"]!["polyglot_notebook"]!["kernelName"]);
            Assert.True((string?)cell["metadata"]!["offlinerl"]?["source_sha256"] == SourceHash(cell),
                $"{where}: its outputs were not produced from its current source; refresh them with bash build/notebooks.sh --refresh (README, Notebooks).");
            Assert.Null(cell["metadata"]!["execution"]);   // nbclient's timestamps
            Assert.Equal(count, (int)cell["execution_count"]!);
            foreach (var output in cell["outputs"]!.AsArray().Select(o => o!.AsObject()))
            {
                var kind = (string?)output["output_type"];
                Assert.True(kind is "stream" or "display_data" or "execute_result", $"{where}: output type {kind} (an error?)");
                if (kind == "stream")
                {
                    Assert.Equal("stdout", (string?)output["name"]);
                }
                else
                {
                    Assert.NotEmpty(output["data"]!.AsObject());
                }

                var text = output.ToJsonString();
                foreach (var machineSpecific in new[] { "/root/", "/home/", "/tmp/", "/work/", "C:\\\\", "dotnet-interactive-this-cell", "Loading extensions from" })
                {
                    Assert.DoesNotContain(machineSpecific, text, StringComparison.Ordinal);
                }

                if (output["data"]?["image/svg+xml"] is { } svg)
                {
                    charts.Add(Text(svg));
                }
            }
        }

        Assert.NotEmpty(charts);
        Assert.All(charts, svg => Assert.Equal("svg", XDocument.Parse(svg).Root!.Name.LocalName));
    }
}
