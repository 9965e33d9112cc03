using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace OfflineRl.MLNet.Tests.Docs;

/// <summary>The README's C# blocks run as written (from the repository root, as a reader would run them).</summary>
public sealed partial class ReadmeSnippetTests
{
    [Fact]
    public async Task Readme_csharp_blocks_run_as_written()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(TestData.RepoRoot, "README.md"));
        var blocks = CSharpBlock().Matches(readme).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(blocks);
        var previous = Directory.GetCurrentDirectory();
        var work = Path.Combine(Path.GetTempPath(), $"offlinerl-readme-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            // Relative paths in the README are written from the repository root; run in a scratch copy of that view.
            Directory.SetCurrentDirectory(TestData.RepoRoot);
            foreach (var code in blocks)
            {
                var options = ScriptOptions.Default
                    .WithReferences(
                        typeof(OfflineRlCatalog).Assembly,
                        typeof(Microsoft.ML.MLContext).Assembly,
                        typeof(Microsoft.ML.IDataView).Assembly,
                        typeof(Microsoft.ML.Data.VBuffer<>).Assembly,
                        typeof(Microsoft.ML.Data.VectorTypeAttribute).Assembly,
                        typeof(Microsoft.ML.OnnxCatalog).Assembly)
                    .WithImports("System", "System.IO", "System.Linq", "System.Collections.Generic");
                // Files a block writes go to the scratch folder, not into the repository.
                var script = code.Replace("\"policy.zip\"", $"\"{Path.Combine(work, "policy.zip")}\"", StringComparison.Ordinal);
                await CSharpScript.RunAsync(script, options);
            }
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            Directory.Delete(work, recursive: true);
        }
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
