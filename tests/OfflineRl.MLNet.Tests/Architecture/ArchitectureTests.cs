using System.Reflection;
using ArchUnitNET.Loader;
using OfflineRl.MLNet.Charts;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Serving;
using Assembly = System.Reflection.Assembly;

namespace OfflineRl.MLNet.Tests.Architecture;

/// <summary>
/// The dependency picture of docs/architecture.md: which assembly may reference which, and inside the library which
/// namespace may use which — no cycle, and every edge one of the allowed arrows.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Library = "OfflineRl.MLNet";

    /// <summary>Each project assembly and the project assemblies it may reference.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> AllowedAssemblyArrows = new Dictionary<string, string[]>
    {
        [Library] = [],
        ["OfflineRl.MLNet.Environments"] = [Library],
        ["OfflineRl.MLNet.Charts"] = [Library, "OfflineRl.MLNet.Environments"],
        ["OfflineRl.MLNet.Serving"] = [Library],
        ["offlinerl"] = [Library, "OfflineRl.MLNet.Environments", "OfflineRl.MLNet.Charts", "OfflineRl.MLNet.Serving"],
    };

    /// <summary>
    /// The library's namespaces (a namespace stands for itself and its sub-namespaces, e.g. Algorithms.Iql) from the bottom
    /// up, each with the namespaces it may use. A namespace may use only namespaces listed before it.
    /// </summary>
    public static readonly IReadOnlyList<(string Namespace, string[] Uses)> AllowedNamespaceArrows =
    [
        ("Nn", []),
        ("Data", ["Nn"]),
        ("Onnx.Proto", []),
        ("Policies", ["Nn", "Data"]),
        ("Trainers", ["Nn", "Data", "Policies"]),
        ("Onnx", ["Onnx.Proto", "Nn", "Data", "Policies", "Trainers"]),
        ("Training", ["Nn", "Data", "Policies", "Trainers", "Onnx"]),
        ("Evaluation", ["Nn", "Data", "Policies", "Trainers", "Onnx", "Training"]),
        ("Pipeline", ["Nn", "Data", "Policies", "Trainers", "Onnx", "Training"]),
        ("Transforms", ["Data", "Pipeline", "Trainers"]),
        ("Algorithms", ["Nn", "Data", "Policies", "Trainers", "Onnx", "Training", "Pipeline", "Transforms"]),
        ("", ["Nn", "Data", "Policies", "Trainers", "Onnx", "Training", "Evaluation", "Pipeline", "Transforms", "Algorithms"]),
    ];

    private static readonly Assembly[] ProjectAssemblies =
    [
        typeof(OfflineRlCatalog).Assembly,
        typeof(EnvironmentCatalog).Assembly,
        typeof(Chart).Assembly,
        typeof(PolicyModelHost).Assembly,
        typeof(OfflineRl.Cli.CliApp).Assembly,
    ];

    [Fact]
    public void Assemblies_reference_only_the_allowed_project_assemblies()
    {
        var names = ProjectAssemblies.Select(a => a.GetName().Name!).ToHashSet();
        Assert.Equal(AllowedAssemblyArrows.Keys.Order(), names.Order());
        var forbidden = ProjectAssemblies
            .SelectMany(a => a.GetReferencedAssemblies().Select(r => r.Name!).Where(names.Contains).Select(r => (From: a.GetName().Name!, To: r)))
            .Where(e => !AllowedAssemblyArrows[e.From].Contains(e.To))
            .Select(e => $"{e.From} → {e.To}")
            .ToList();
        Assert.True(forbidden.Count == 0, "forbidden assembly references: " + string.Join(", ", forbidden));
    }

    /// <summary>Test projects and the two harnesses that drive internals (the fuzzer and the engine's micro-benchmarks); no shipped assembly.</summary>
    public static readonly IReadOnlySet<string> MaySeeInternals = new HashSet<string>
    {
        "OfflineRl.MLNet.Tests", "OfflineRl.MLNet.Environments.Tests", "OfflineRl.MLNet.Charts.Tests", "OfflineRl.MLNet.Serving.Tests",
        "OfflineRl.Cli.Tests", "OfflineRl.Fuzz", "OfflineRl.Bench",
    };

    [Fact]
    public void Internals_are_visible_to_tests_and_harnesses_only()
    {
        var granted = ProjectAssemblies
            .SelectMany(a => a.GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>()
                .Select(v => (From: a.GetName().Name!, To: v.AssemblyName)))
            .ToList();
        Assert.Contains(granted, g => g.To == "OfflineRl.MLNet.Tests");   // the attributes are read at all
        var forbidden = granted.Where(g => !MaySeeInternals.Contains(g.To)).Select(g => $"{g.From} → {g.To}").ToList();
        Assert.True(forbidden.Count == 0, "internals visible to a shipped assembly: " + string.Join(", ", forbidden));
    }

    [Fact]
    public void Library_namespaces_use_only_the_namespaces_below_them()
    {
        var edges = NamespaceEdges(typeof(OfflineRlCatalog).Assembly);
        Assert.Contains("Training", edges["Algorithms"]);   // the graph is read at all
        var allowed = AllowedNamespaceArrows.ToDictionary(a => a.Namespace, a => a.Uses.ToHashSet());
        var unknown = edges.Keys.Concat(edges.Values.SelectMany(v => v)).Distinct().Where(n => !allowed.ContainsKey(n)).ToList();
        Assert.True(unknown.Count == 0, "namespaces missing from the picture: " + string.Join(", ", unknown));
        var forbidden = edges.SelectMany(e => e.Value.Where(to => !allowed[e.Key].Contains(to)).Select(to => $"{Show(e.Key)} → {Show(to)}")).ToList();
        Assert.True(forbidden.Count == 0, "forbidden namespace dependencies: " + string.Join(", ", forbidden));
    }

    /// <summary>
    /// The library's public types in the namespaces that hold the policy and its export: the deployable policy and what
    /// scores or exports it, not the heads a trainer drives or the graph builder.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> PublicTypes = new Dictionary<string, string[]>
    {
        ["Policies"] = ["IPolicy", "Policy", "PolicyKind", "PolicyPreprocessing", "PolicySampler"],
        ["Onnx"] = ["OnnxExportNames", "OnnxExportOptions", "OnnxPolicy", "OnnxTensorInfo", "PolicyOnnxExporter", "ValueOnnxExporter"],
        ["Nn"] = [],
        ["Training"] = [],
    };

    [Fact]
    public void Engine_heads_and_graph_builder_are_not_public()
    {
        var exported = typeof(OfflineRlCatalog).Assembly.GetExportedTypes();
        foreach (var (ns, expected) in PublicTypes)
        {
            var full = $"{Library}.{ns}";
            var actual = exported.Where(t => t.Namespace == full || t.Namespace!.StartsWith(full + ".", StringComparison.Ordinal)).Select(t => t.Name).Order(StringComparer.Ordinal);
            Assert.Equal(expected.Order(StringComparer.Ordinal), actual);
        }

        // Only the library derives from Policy (a composite or action-chunk policy is one more internal subclass).
        var constructors = typeof(OfflineRl.MLNet.Policies.Policy).GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
        Assert.All(constructors, c => Assert.True(c.IsFamilyAndAssembly || c.IsAssembly || c.IsPrivate, $"Policy{c} is reachable from other assemblies"));
    }

    [Fact]
    public void The_allowed_picture_itself_has_no_cycle()
    {
        var seen = new HashSet<string>();
        foreach (var (ns, uses) in AllowedNamespaceArrows)
        {
            Assert.All(uses, u => Assert.True(seen.Contains(u), $"{Show(ns)} uses {Show(u)}, which is not below it"));
            seen.Add(ns);
        }
    }

    /// <summary>The library's namespace graph: from each namespace group to the other groups its types use.</summary>
    internal static Dictionary<string, HashSet<string>> NamespaceEdges(Assembly assembly)
    {
        var architecture = new ArchLoader().LoadAssemblies(assembly).Build();
        var groups = AllowedNamespaceArrows.Select(a => a.Namespace).ToList();
        var edges = new Dictionary<string, HashSet<string>>();
        foreach (var type in architecture.Types.Where(t => IsLibrary(t.Assembly)))
        {
            var from = Group(type.Namespace.FullName, groups);
            if (from is null)
            {
                continue;
            }

            foreach (var dependency in type.Dependencies)
            {
                var target = dependency.Target;
                if (!IsLibrary(target.Assembly))
                {
                    continue;
                }

                var to = Group(target.Namespace.FullName, groups);
                if (to is not null && to != from)
                {
                    (edges.TryGetValue(from, out var set) ? set : edges[from] = []).Add(to);
                }
            }
        }

        return edges;
    }

    // The longest listed namespace that is the type's namespace or contains it; "" is the root. Types outside
    // OfflineRl.MLNet (generated helpers, <Module>) belong to no group.
    private static string? Group(string fullNamespace, IReadOnlyList<string> groups)
    {
        if (fullNamespace == Library)
        {
            return "";
        }

        if (!fullNamespace.StartsWith(Library + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var relative = fullNamespace[(Library.Length + 1)..];
        return groups.Where(g => g.Length > 0 && (relative == g || relative.StartsWith(g + ".", StringComparison.Ordinal)))
            .OrderByDescending(g => g.Length).FirstOrDefault() ?? relative;
    }

    private static bool IsLibrary(ArchUnitNET.Domain.Assembly? assembly) => assembly is not null &&
        (assembly.Name == Library || (assembly.FullName?.StartsWith(Library + ",", StringComparison.Ordinal) ?? false));

    private static string Show(string ns) => ns.Length == 0 ? Library : $"{Library}.{ns}";
}
