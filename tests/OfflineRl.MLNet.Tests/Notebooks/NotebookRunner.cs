using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace OfflineRl.MLNet.Tests.Notebooks;

/// <summary>
/// Runs a C# notebook the way the .NET Interactive C# kernel does, with Roslyn scripting: code cells in order in one
/// session (each cell continues the previous cell's state), the notebook's folder as the current directory,
/// <c>#r "…/OfflineRl.MLNet.dll"</c> bound to the library this test build references (other <c>#r</c> paths load the
/// file), <c>#r "nuget: Microsoft.ML, v"</c> and <c>#r "nuget: Microsoft.ML.OnnxTransformer, v"</c> bound to the ML.NET
/// assemblies this test build references when <c>v</c> is their version (any other package is refused: no package feed
/// here), console output captured as stdout, <c>display(…)</c>
/// (see <see cref="NotebookGlobals"/>), and the value of a cell's last expression (when not null or void) shown as its result. A cell that does
/// not compile or throws records an error output and stops the run, as "Run All" does.
/// </summary>
public static partial class NotebookRunner
{
    /// <summary>The library's file name; <c>#r</c> lines naming it bind to the referenced assembly.</summary>
    public const string LibraryFileName = "OfflineRl.MLNet.dll";

    /// <summary>
    /// The NuGet packages a <c>#r "nuget:…"</c> line may name, with the assemblies of this test build they bind to (the
    /// library's public API exposes ML.NET types, so a notebook needs them as a kernel session would).
    /// </summary>
    public static IReadOnlyDictionary<string, Assembly[]> BoundPackages { get; } = new Dictionary<string, Assembly[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["Microsoft.ML"] =
        [
            typeof(Microsoft.ML.MLContext).Assembly, typeof(Microsoft.ML.IDataView).Assembly,
            typeof(Microsoft.ML.Data.VBuffer<>).Assembly, typeof(Microsoft.ML.Data.VectorTypeAttribute).Assembly,
            typeof(Microsoft.ML.Runtime.IHostEnvironment).Assembly,
        ],
        ["Microsoft.ML.OnnxTransformer"] = [typeof(Microsoft.ML.OnnxCatalog).Assembly],
    };

    /// <summary>The package version the bound ML.NET assemblies came from (their informational version).</summary>
    public static string BoundPackageVersion { get; } =
        typeof(Microsoft.ML.MLContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    /// <summary>Namespaces a C# kernel cell can use without a <c>using</c> (the kernel's defaults).</summary>
    public static IReadOnlyList<string> DefaultImports { get; } =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Text", "System.Threading.Tasks"];

    /// <summary>Runs every code cell of <paramref name="notebook"/> in order.</summary>
    public static async Task<NotebookRun> RunAsync(NotebookDocument notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var folder = Path.GetDirectoryName(Path.GetFullPath(notebook.Path))!;
        var options = ScriptOptions.Default
            .WithReferences(typeof(OfflineRlCatalog).Assembly, typeof(NotebookGlobals).Assembly)
            .WithImports(DefaultImports)
            .WithFilePath(notebook.Path)
            .WithEmitDebugInformation(false);
        var cells = new List<CellRun>();
        var current = new List<NotebookOutput>();
        var globals = new NotebookGlobals(o =>
        {
            Console.Out.Flush();
            current.Add(o);
        });
        ScriptState<object>? state = null;
        var previousDirectory = Directory.GetCurrentDirectory();
        var previousOut = Console.Out;
        try
        {
            Directory.SetCurrentDirectory(folder);
            var count = 0;
            foreach (var cell in notebook.CodeCells)
            {
                count++;
                current = [];
                var source = NotebookDocument.SourceOf(cell);
                var writer = new CellOutputWriter(current);
                Console.SetOut(writer);
                object? value = null;
                try
                {
                    var (code, references) = Preprocess(source, folder);
                    var cellOptions = options.AddReferences(references);
                    state = state is null
                        ? await CSharpScript.RunAsync(code, cellOptions, globals, typeof(NotebookGlobals))
                        : await state.ContinueWithAsync(code, cellOptions);
                    writer.Flush();
                    value = state.ReturnValue;
                    if (value is not null)
                    {
                        current.Add(NotebookOutput.Result(NotebookGlobals.Format(value)));
                    }
                }
                catch (CompilationErrorException e)
                {
                    writer.Flush();
                    current.Add(NotebookOutput.Error("CompilationError", string.Join("\n", e.Diagnostics.Select(d => d.ToString()))));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    writer.Flush();
                    current.Add(NotebookOutput.Error(e.GetType().Name, e.ToString()));
                }

                cells.Add(new CellRun(count, source, current, value));
                if (cells[^1].Failed)
                {
                    break;
                }
            }
        }
        finally
        {
            Console.SetOut(previousOut);
            Directory.SetCurrentDirectory(previousDirectory);
        }

        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var v in state?.Variables ?? [])
        {
            variables[v.Name] = v.Value;
        }

        return new NotebookRun(cells, variables);
    }

    /// <summary>
    /// Removes the kernel directives Roslyn does not know (<c>#!</c> magic commands) and the <c>#r</c> lines, keeping line
    /// numbers; returns the code and the references the <c>#r</c> lines asked for.
    /// </summary>
    internal static (string Code, IReadOnlyList<MetadataReference> References) Preprocess(string source, string folder)
    {
        var references = new List<MetadataReference>();
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("#!", StringComparison.Ordinal))
            {
                lines[i] = "";
                continue;
            }

            var match = ReferenceDirective().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var target = match.Groups[1].Value;
            if (target.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
            {
                var parts = target["nuget:".Length..].Split(',', StringSplitOptions.TrimEntries);
                var version = parts.Length > 1 ? parts[1] : BoundPackageVersion;
                if (!BoundPackages.TryGetValue(parts[0], out var assemblies) || version != BoundPackageVersion)
                {
                    throw new NotSupportedException(
                        $"line {i + 1}: #r \"{target}\": this runner has no package feed; it binds only {string.Join(" and ", BoundPackages.Keys)} " +
                        $"{BoundPackageVersion} (the versions this build references); reference a built assembly instead.");
                }

                references.AddRange(assemblies.Distinct().Select(a => MetadataReference.CreateFromFile(a.Location)));
                lines[i] = "";
                continue;
            }

            if (!string.Equals(Path.GetFileName(target), LibraryFileName, StringComparison.OrdinalIgnoreCase))
            {
                var path = Path.GetFullPath(Path.Combine(folder, target));
                references.Add(File.Exists(path)
                    ? MetadataReference.CreateFromFile(path)
                    : throw new FileNotFoundException($"line {i + 1}: #r \"{target}\": no such file ({path}).", path));
            }

            lines[i] = "";
        }

        return (string.Join('\n', lines), references);
    }

    [GeneratedRegex("^#r\\s+\"([^\"]+)\"\\s*$")]
    private static partial Regex ReferenceDirective();
}
