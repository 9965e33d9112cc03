using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Tests.Notebooks;

/// <summary>One output of a code cell as the kernel produced it: a display, a return value or console output.</summary>
/// <param name="Kind">"display", "result" or "stdout".</param>
/// <param name="MimeType">The MIME type of <paramref name="Text"/>.</param>
/// <param name="Text">The formatted value.</param>
internal sealed record KernelOutput(string Kind, string MimeType, string Text);

/// <summary>
/// A notebook run through the .NET Interactive C# kernel hosted in this process: the .ipynb read with the Documents API,
/// a <see cref="CSharpKernel"/> (with <c>#r "nuget:…"</c> support, as the dotnet-interactive tool sets it up) in a
/// <see cref="CompositeKernel"/>, one <see cref="SubmitCode"/> per code cell in order, with the notebook's folder as the
/// current directory. The first <see cref="CommandFailed"/> fails the test. Afterwards the kernel's variables can be read.
/// </summary>
/// <remarks>
/// The one change to the cells: <c>#r "nuget: OfflineRl.MLNet, version"</c> is bound to the library this test build
/// references, so the values read back are of the test's own types and the test needs no packed package. The in-process
/// kernel borrows this process's dependencies; build/notebooks.sh runs the unchanged notebooks in Jupyter, where the package
/// and its dependencies are restored as a user's kernel restores them.
/// </remarks>
internal sealed partial class KernelNotebookRun : IDisposable
{
    private readonly CompositeKernel _composite;
    private readonly CSharpKernel _csharp;

    private KernelNotebookRun(string path, CompositeKernel composite, CSharpKernel csharp)
    {
        Path = path;
        _composite = composite;
        _csharp = csharp;
    }

    /// <summary>The notebook file.</summary>
    public string Path { get; }

    /// <summary>Per code cell, its outputs in order.</summary>
    public List<IReadOnlyList<KernelOutput>> Cells { get; } = [];

    /// <summary>Every output of one MIME type across the notebook.</summary>
    public IReadOnlyList<string> OutputsOfType(string mimeType) =>
        Cells.SelectMany(c => c).Where(o => o.MimeType == mimeType).Select(o => o.Text).ToList();

    /// <summary>The kernel variable <paramref name="name"/> as <typeparamref name="T"/>.</summary>
    public T Get<T>(string name) => _csharp.TryGetValue<object>(name, out var value) && value is T t
        ? t
        : throw new KeyNotFoundException($"{Path}: the kernel has no variable '{name}' of type {typeof(T).Name} (found {value?.GetType().Name ?? "nothing"}).");

    /// <summary>Runs every code cell of the notebook at <paramref name="path"/>; fails the test at the first failed cell.</summary>
    public static async Task<KernelNotebookRun> RunAsync(string path)
    {
        var kernelInfos = new KernelInfoCollection { new("csharp", "C#", ["c#", "C#"]) };
        kernelInfos.DefaultKernelName = "csharp";
        var document = Notebook.Parse(await File.ReadAllTextAsync(path), kernelInfos);

        var csharp = new CSharpKernel()
            .UseKernelHelpers()
            .UseValueSharing()
            .UseNugetDirective((kernel, packages) =>
            {
                kernel.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
                return Task.CompletedTask;
            }, forceRestore: false);
        var composite = new CompositeKernel { csharp };
        composite.DefaultKernelName = csharp.Name;
        var run = new KernelNotebookRun(path, composite, csharp);

        var previousDirectory = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        try
        {
            var count = 0;
            foreach (var cell in document.Elements.Where(e => e.KernelName == "csharp"))
            {
                count++;
                var code = BindLibraryReference(cell.Contents, path, count);
                var result = await composite.SendAsync(new SubmitCode(code, csharp.Name));
                var outputs = new List<KernelOutput>();
                foreach (var e in result.Events)
                {
                    switch (e)
                    {
                        case CommandFailed failed:
                            Assert.Fail($"{System.IO.Path.GetFileName(path)}: code cell {count} failed: {failed.Message}\n{failed.Exception}\n--- cell source ---\n{cell.Contents}");
                            break;
                        case StandardOutputValueProduced stdout:
                            outputs.AddRange(stdout.FormattedValues.Select(v => new KernelOutput("stdout", v.MimeType, v.Value)));
                            break;
                        case ReturnValueProduced value:
                            outputs.AddRange(value.FormattedValues.Select(v => new KernelOutput("result", v.MimeType, v.Value)));
                            break;
                        case DisplayedValueProduced display:
                            outputs.AddRange(display.FormattedValues.Select(v => new KernelOutput("display", v.MimeType, v.Value)));
                            break;
                    }
                }

                run.Cells.Add(outputs);
            }
        }
        catch
        {
            run.Dispose();
            throw;
        }
        finally
        {
            Directory.SetCurrentDirectory(previousDirectory);
        }

        return run;
    }

    /// <summary>The cells' formatter settings are process-wide: put them back for the next notebook and test.</summary>
    public void Dispose()
    {
        _composite.Dispose();
        Formatter.ResetToDefault();
    }

    private static string BindLibraryReference(string code, string path, int cell)
    {
        var matches = LibraryPackageReference().Matches(code);
        if (matches.Count == 0)
        {
            Assert.True(cell > 1, $"{path}: the first code cell does not reference the library as #r \"nuget: OfflineRl.MLNet, <version>\".");
            return code;
        }

        foreach (Match match in matches)
        {
            Assert.True(match.Groups[2].Value == LibraryInfo.Version,
                $"{path}: the notebook references OfflineRl.MLNet{match.Groups[1].Value} {match.Groups[2].Value}, the library is {LibraryInfo.Version}.");
            var assembly = match.Groups[1].Value == ".Environments" ? typeof(EnvironmentCatalog).Assembly : typeof(OfflineRlCatalog).Assembly;
            code = code.Replace(match.Value, $"#r \"{assembly.Location}\"", StringComparison.Ordinal);
        }

        return code;
    }

    [GeneratedRegex("#r \"nuget: *OfflineRl\\.MLNet(\\.Environments)?, *([^\"]+)\"")]
    private static partial Regex LibraryPackageReference();
}
