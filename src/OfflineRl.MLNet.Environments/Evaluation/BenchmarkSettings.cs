using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// The benchmark's training settings read from a JSON file (the shipped one is <c>benchmark-settings.json</c>, embedded in this
/// assembly): task groups of environment ids, each with settings every algorithm gets and per-algorithm settings over them.
/// </summary>
internal sealed class BenchmarkSettings
{
    /// <summary>The file name of the shipped settings.</summary>
    public const string DefaultFileName = "benchmark-settings.json";

    private static readonly Lazy<BenchmarkSettings> s_shipped = new(LoadShipped);

    private static readonly JsonSerializerOptions s_valueOptions = new() { Converters = { new JsonStringEnumConverter() } };

    private readonly Dictionary<string, Group> _byEnvironment;

    private BenchmarkSettings(string fileName, string sha256, Dictionary<string, Group> byEnvironment, IReadOnlyList<Variant> variants)
    {
        FileName = fileName;
        Sha256 = sha256;
        _byEnvironment = byEnvironment;
        Variants = variants;
    }

    /// <summary>The shipped settings.</summary>
    public static BenchmarkSettings Default => s_shipped.Value;

    /// <summary>The name of the file the settings were read from (used in error messages and the report).</summary>
    public string FileName { get; }

    /// <summary>The SHA-256 of the file's bytes, in lowercase hex.</summary>
    public string Sha256 { get; }

    /// <summary>Rows the benchmark runs beside the library's algorithms: an algorithm with some options changed (IQL with DDPG+BC extraction).</summary>
    public IReadOnlyList<Variant> Variants { get; }

    /// <summary>
    /// Reads settings and checks them strictly: every algorithm of the library is built on every group, so an unknown group
    /// key, algorithm, environment or options property is an error here, naming the file, the group, the algorithm and the property.
    /// </summary>
    /// <param name="json">The file's bytes (UTF-8).</param>
    /// <param name="fileName">The name used in messages.</param>
    public static BenchmarkSettings Parse(byte[] json, string fileName)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = ParseDocument(json, fileName);
        var root = document.RootElement;
        ExpectKeys(root, fileName, "the file", "$comment", "groups", "variants");
        if (!root.TryGetProperty("groups", out var groups) || groups.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{fileName}: needs a \"groups\" array.");
        }

        var variants = root.TryGetProperty("variants", out var list) ? Variant.ReadAll(list, fileName) : [];
        var byEnvironment = new Dictionary<string, Group>(StringComparer.Ordinal);
        foreach (var element in groups.EnumerateArray())
        {
            var group = Group.Read(element, fileName, variants);
            foreach (var id in group.Environments)
            {
                if (!EnvironmentCatalog.Ids.Contains(id, StringComparer.Ordinal))
                {
                    throw new InvalidDataException($"{fileName}: group '{group.Name}' names '{id}', which is not an environment id ({string.Join(", ", EnvironmentCatalog.Ids)}).");
                }

                if (!byEnvironment.TryAdd(id, group))
                {
                    throw new InvalidDataException($"{fileName}: '{id}' is in group '{byEnvironment[id].Name}' and in group '{group.Name}'.");
                }
            }

            foreach (var algorithm in PolicyTrainersCatalog.Algorithms)
            {
                group.Build(algorithm.Name, steps: 1, fileName);
            }
        }

        foreach (var variant in variants)
        {
            foreach (var group in byEnvironment.Values.Distinct())
            {
                group.Build(variant, steps: 1, fileName);
            }
        }

        return new BenchmarkSettings(fileName, Convert.ToHexStringLower(SHA256.HashData(json)), byEnvironment, variants);
    }

    /// <summary>
    /// The options of <paramref name="algorithm"/> on <paramref name="environmentId"/>: its defaults, then the group's shared
    /// settings, then the algorithm's own; <paramref name="steps"/>, when given, replaces the settings the group lists in <c>setBySteps</c>.
    /// </summary>
    /// <remarks>A variant's name gives its algorithm's options, the variant's settings over them, then the group's entry for the variant.</remarks>
    public TrainerOptions OptionsFor(string algorithm, string environmentId, int? steps)
    {
        var id = EnvironmentCatalog.Canonical(environmentId);
        if (!_byEnvironment.TryGetValue(id, out var group))
        {
            throw new ArgumentException($"{FileName} has no settings group for {id}.", nameof(environmentId));
        }

        return Variants.FirstOrDefault(v => v.Name == algorithm) is { } variant
            ? group.Build(variant, steps, FileName)
            : group.Build(algorithm, steps, FileName);
    }

    /// <summary>
    /// The settings entries <see cref="OptionsFor"/> reads for this algorithm and environment, and the step count: what a
    /// result depends on in this file, so a stored result is reused only while they stay the same.
    /// </summary>
    public string Describe(string algorithm, string environmentId, int? steps)
    {
        var group = _byEnvironment[EnvironmentCatalog.Canonical(environmentId)];
        var variant = Variants.FirstOrDefault(v => v.Name == algorithm);
        return group.Describe(variant?.Algorithm ?? algorithm, variant, steps);
    }

    /// <summary>Whether the row trains on rewards × 1000 / (max − min episode return) in this environment (its group's <c>scaleRewards</c>).</summary>
    public bool ScalesRewards(string algorithm, string environmentId) =>
        _byEnvironment.TryGetValue(EnvironmentCatalog.Canonical(environmentId), out var group) && group.ScaleRewards.Contains(algorithm, StringComparer.Ordinal);

    private static BenchmarkSettings LoadShipped()
    {
        var assembly = typeof(BenchmarkSettings).Assembly;
        var resource = "OfflineRl.MLNet.Evaluation." + DefaultFileName;
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} carries no resource {resource}.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return Parse(bytes.ToArray(), DefaultFileName);
    }

    private static JsonDocument ParseDocument(byte[] json, string fileName)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{fileName}: {ex.Message}", ex);
        }
    }

    private static void ExpectKeys(JsonElement element, string fileName, string where, params string[] keys)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{fileName}: {where} must be a JSON object.");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!keys.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new InvalidDataException($"{fileName}: {where} has an unknown key '{property.Name}' (known: {string.Join(", ", keys)}).");
            }
        }
    }

    /// <summary>A benchmark row that is an algorithm of the library with some options changed.</summary>
    /// <param name="Name">Its name on the command line (<c>--algorithms</c>).</param>
    /// <param name="Title">Its name in result tables.</param>
    /// <param name="Algorithm">The algorithm it changes.</param>
    /// <param name="Settings">The options it sets, applied over the group's settings for <paramref name="Algorithm"/>.</param>
    /// <param name="ContinuousOnly">It needs continuous actions.</param>
    internal sealed record Variant(string Name, string Title, string Algorithm, JsonElement Settings, bool ContinuousOnly)
    {
        public static Variant[] ReadAll(JsonElement list, string fileName)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{fileName}: \"variants\" must be an array.");
            }

            var names = PolicyTrainersCatalog.Algorithms.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
            var variants = new List<Variant>();
            foreach (var element in list.EnumerateArray())
            {
                ExpectKeys(element, fileName, "a variant", "name", "title", "algorithm", "settings", "continuousOnly");
                string Text(string key) => element.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String
                    ? v.GetString()!
                    : throw new InvalidDataException($"{fileName}: a variant needs a \"{key}\" string.");
                var name = Text("name");
                var algorithm = Text("algorithm");
                if (!names.Add(name))
                {
                    throw new InvalidDataException($"{fileName}: variant '{name}' repeats the name of an algorithm or another variant.");
                }

                if (!PolicyTrainersCatalog.Algorithms.Any(a => a.Name == algorithm))
                {
                    throw new InvalidDataException($"{fileName}: variant '{name}' changes '{algorithm}', which is not an algorithm ({string.Join(", ", PolicyTrainersCatalog.Algorithms.Select(a => a.Name))}).");
                }

                var continuousOnly = element.TryGetProperty("continuousOnly", out var c) && c.ValueKind == JsonValueKind.True;
                variants.Add(new Variant(name, Text("title"), algorithm, element.TryGetProperty("settings", out var s) ? s.Clone() : default, continuousOnly));
            }

            return [.. variants];
        }

    }

    private sealed class Group
    {
        private readonly JsonElement _shared;
        private readonly Dictionary<string, JsonElement> _algorithms;
        private readonly string[] _setBySteps;

        private Group(string name, string[] environments, JsonElement shared, Dictionary<string, JsonElement> algorithms, string[] setBySteps)
        {
            Name = name;
            Environments = environments;
            _shared = shared;
            _algorithms = algorithms;
            _setBySteps = setBySteps;
        }

        public string Name { get; }

        public string[] Environments { get; }

        // Rows that train on rewards × 1000 / (max − min episode return), as the IQL paper does on locomotion.
        public string[] ScaleRewards { get; private init; } = [];

        public static Group Read(JsonElement element, string fileName, IReadOnlyList<Variant> variants)
        {
            ExpectKeys(element, fileName, "a group", "name", "environments", "setBySteps", "shared", "algorithms", "scaleRewards");
            var name = element.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()!
                : throw new InvalidDataException($"{fileName}: a group needs a \"name\" string.");
            var where = $"group '{name}'";
            var environments = Strings(element, "environments", fileName, where);
            var setBySteps = element.TryGetProperty("setBySteps", out _) ? Strings(element, "setBySteps", fileName, where) : [];
            var shared = element.TryGetProperty("shared", out var s) ? s.Clone() : default;
            var algorithms = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (element.TryGetProperty("algorithms", out var a))
            {
                ExpectKeys(a, fileName, $"{where} \"algorithms\"", [.. PolicyTrainersCatalog.Algorithms.Select(info => info.Name), .. variants.Select(v => v.Name)]);
                foreach (var entry in a.EnumerateObject())
                {
                    algorithms[entry.Name] = entry.Value.Clone();
                }
            }

            var scaleRewards = element.TryGetProperty("scaleRewards", out _) ? Strings(element, "scaleRewards", fileName, where) : [];
            var known = PolicyTrainersCatalog.Algorithms.Select(info => info.Name).Concat(variants.Select(v => v.Name)).ToArray();
            if (scaleRewards.FirstOrDefault(r => !known.Contains(r, StringComparer.Ordinal)) is { } unknown)
            {
                throw new InvalidDataException($"{fileName}: {where} lists '{unknown}' in \"scaleRewards\", which is not an algorithm or variant ({string.Join(", ", known)}).");
            }

            var group = new Group(name, environments, shared, algorithms, setBySteps) { ScaleRewards = scaleRewards };
            foreach (var property in setBySteps)
            {
                if (!Sets(shared, property) && !algorithms.Values.Any(entry => Sets(entry, property)))
                {
                    throw new InvalidDataException($"{fileName}: {where} lists '{property}' in \"setBySteps\" but sets it nowhere.");
                }
            }

            return group;
        }

        // The variant's algorithm as this group trains it, then the variant's settings, then this group's entry for the variant.
        public TrainerOptions Build(Variant variant, int? steps, string fileName)
        {
            var options = Build(variant.Algorithm, steps, fileName);
            Apply(options, variant.Settings, fileName, $"variant '{variant.Name}'");
            Apply(options, _algorithms.GetValueOrDefault(variant.Name), fileName, $"group '{Name}', variant '{variant.Name}'");
            return options;
        }

        public string Describe(string algorithm, Variant? variant, int? steps)
        {
            static string Raw(JsonElement e) => e.ValueKind == JsonValueKind.Undefined ? "-" : e.GetRawText();
            var own = _algorithms.GetValueOrDefault(algorithm);
            var setBySteps = steps is { } count && _setBySteps.Any(name => Sets(_shared, name) || Sets(own, name)) ? $" steps={count}" : string.Empty;
            var scaled = ScaleRewards.Contains(variant?.Name ?? algorithm, StringComparer.Ordinal) ? " scale-rewards" : string.Empty;
            return $"{algorithm} shared={Raw(_shared)} own={Raw(own)}{scaled}"
                + (variant is null ? string.Empty : $" variant={Raw(variant.Settings)} group-variant={Raw(_algorithms.GetValueOrDefault(variant.Name))}")
                + setBySteps;
        }

        public TrainerOptions Build(string algorithm, int? steps, string fileName)
        {
            var options = PolicyTrainersCatalog.CreateOptions(algorithm);
            var own = _algorithms.GetValueOrDefault(algorithm);
            Apply(options, _shared, fileName, $"group '{Name}' \"shared\", algorithm '{algorithm}'");
            Apply(options, own, fileName, $"group '{Name}', algorithm '{algorithm}'");
            if (steps is { } count)
            {
                foreach (var name in _setBySteps.Where(name => Sets(_shared, name) || Sets(own, name)))
                {
                    options.GetType().GetProperty(name)!.SetValue(options, count);
                }
            }

            return options;
        }

        private static string[] Strings(JsonElement element, string key, string fileName, string where) =>
            element.TryGetProperty(key, out var list) && list.ValueKind == JsonValueKind.Array && list.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
                ? [.. list.EnumerateArray().Select(e => e.GetString()!)]
                : throw new InvalidDataException($"{fileName}: {where} needs \"{key}\" as an array of strings.");

        private static bool Sets(JsonElement settings, string property) => settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(property, out _);

        // Sets each named public property; sub-options (Weighting, TargetNetwork) are JSON objects applied to the existing instance.
        public static void Apply(object target, JsonElement settings, string fileName, string where)
        {
            if (settings.ValueKind == JsonValueKind.Undefined)
            {
                return;
            }

            if (settings.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{fileName}: {where}: the settings must be a JSON object.");
            }

            foreach (var setting in settings.EnumerateObject())
            {
                var property = target.GetType().GetProperty(setting.Name, BindingFlags.Public | BindingFlags.Instance);
                if (property is null || !property.CanWrite || property.PropertyType == typeof(RunOptions))
                {
                    throw new InvalidDataException($"{fileName}: {where}: '{setting.Name}' is not a training setting of {target.GetType().Name}.");
                }

                if (setting.Value.ValueKind == JsonValueKind.Object && property.GetValue(target) is OptionsGroup sub)
                {
                    Apply(sub, setting.Value, fileName, $"{where}, {setting.Name}");
                    continue;
                }

                try
                {
                    property.SetValue(target, setting.Value.Deserialize(property.PropertyType, s_valueOptions));
                }
                catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
                {
                    throw new InvalidDataException($"{fileName}: {where}: '{setting.Name}' cannot be {setting.Value.GetRawText()} ({property.PropertyType.Name}).", ex);
                }
            }
        }
    }
}
