using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Xunit.Abstractions;

namespace OfflineRl.MLNet.Tests.Docs;

/// <summary>
/// Every ```csharp block of every docs/*.md page runs as written (each block on its own, as a reader would paste it) and
/// must not throw; the snippets check their own results. Every page is linked from the README.
/// </summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed partial class DocsSnippetTests(ITestOutputHelper output)
{
    /// <summary>Pages written by a command, not by hand (no snippets required).</summary>
    private static readonly string[] Generated = ["benchmark.md"];

    private static string DocsDirectory => Path.Combine(TestData.RepoRoot, "docs");

    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string>();
        foreach (var page in PageNames())
        {
            pages.Add(page);
        }

        return pages;
    }

    private static IEnumerable<string> PageNames() =>
        Directory.GetFiles(DocsDirectory, "*.md").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Csharp_blocks_run_as_written(string page)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(DocsDirectory, page));
        var blocks = CSharpBlock().Matches(text).Select(m => m.Groups[1].Value).ToList();
        if (Generated.Contains(page))
        {
            return;
        }

        Assert.True(blocks.Count > 0, $"docs/{page} has no ```csharp block");
        var options = ScriptOptions.Default
            .WithReferences(References())
            .WithImports("System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Threading.Tasks");
        for (var i = 0; i < blocks.Count; i++)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                await CSharpScript.RunAsync(blocks[i], options);
            }
            catch (Exception ex)
            {
                Assert.Fail($"docs/{page}, C# block {i + 1} of {blocks.Count} failed: {ex.GetType().Name}: {ex.Message}\n---\n{blocks[i]}");
            }

            output.WriteLine($"docs/{page} block {i + 1}: {clock.Elapsed.TotalSeconds:0.0} s");
        }
    }

    [Fact]
    public void Readme_links_every_page()
    {
        var readme = File.ReadAllText(Path.Combine(TestData.RepoRoot, "README.md"));
        foreach (var page in PageNames().Except(Generated))
        {
            Assert.Contains($"(docs/{page})", readme, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The library, the serving library, HTTP + JSON clients, ML.NET with its OnnxTransformer, ONNX Runtime's C# API, and
    /// the ASP.NET Core shared framework the CLI runs on.
    /// </summary>
    private static IEnumerable<string> References()
    {
        yield return typeof(Microsoft.ML.MLContext).Assembly.Location;
        yield return typeof(Microsoft.ML.IDataView).Assembly.Location;
        yield return typeof(Microsoft.ML.Data.VBuffer<>).Assembly.Location;
        yield return typeof(Microsoft.ML.Data.VectorTypeAttribute).Assembly.Location;
        yield return typeof(Microsoft.ML.OnnxCatalog).Assembly.Location;
        yield return typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.Location;
        yield return typeof(System.Net.Http.Json.HttpClientJsonExtensions).Assembly.Location;
        yield return typeof(System.Text.Json.JsonDocument).Assembly.Location;
        yield return typeof(OfflineRlCatalog).Assembly.Location;
        yield return typeof(OfflineRl.MLNet.Environments.EnvironmentCatalog).Assembly.Location;
        yield return typeof(OfflineRl.MLNet.Serving.PolicyModelHost).Assembly.Location;
        var aspNet = Path.GetDirectoryName(typeof(WebApplication).Assembly.Location)!;
        foreach (var dll in Directory.GetFiles(aspNet, "*.dll"))
        {
            yield return dll;
        }
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
