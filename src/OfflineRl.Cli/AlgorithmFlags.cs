using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OfflineRl.MLNet;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.Cli;

/// <summary>
/// The hyperparameter flags of <c>train</c>, derived from every algorithm's options type: one flag per settable property
/// (sub-options such as <c>Weighting</c> flattened), named in kebab case after it (<c>InverseTemperature</c> →
/// <c>--inverse-temperature</c>), its help from the property's XML doc and its default from the options. A flag that is not
/// given keeps the algorithm's default; one the chosen algorithm does not have is an error naming those that do.
/// </summary>
internal sealed partial class AlgorithmFlags
{
    /// <summary>Shorter names the command line has always accepted, by property name.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["BatchSize"] = "--batch",
        ["HiddenSizes"] = "--hidden",
        ["LearningRate"] = "--lr",
        ["InverseTemperature"] = "--beta",
    };

    private readonly List<Flag> _flags;

    private AlgorithmFlags(List<Flag> flags) => _flags = flags;

    /// <summary>The flags, in the order of the first algorithm that has each.</summary>
    public IReadOnlyList<Option> Options => [.. _flags.Select(f => f.Option)];

    /// <summary>The flags of every algorithm of <see cref="PolicyTrainersCatalog.Algorithms"/>.</summary>
    /// <exception cref="InvalidOperationException">When two properties of different meaning map to one flag name.</exception>
    public static AlgorithmFlags ForAllAlgorithms()
    {
        var byName = new Dictionary<string, Flag>(StringComparer.Ordinal);
        var flags = new List<Flag>();
        foreach (var algorithm in PolicyTrainersCatalog.Algorithms)
        {
            var options = PolicyTrainersCatalog.CreateOptions(algorithm.Name);
            foreach (var setting in Settings(options))
            {
                var name = "--" + Kebab(setting.Property.Name);
                if (!byName.TryGetValue(name, out var flag))
                {
                    flag = new Flag(name, setting.Property);
                    byName.Add(name, flag);
                    flags.Add(flag);
                }
                else if (flag.Property.PropertyType != setting.Property.PropertyType)
                {
                    throw new InvalidOperationException($"{name} would set {flag.Property.DeclaringType!.Name}.{flag.Property.Name} and {setting.Property.DeclaringType!.Name}.{setting.Property.Name}, of different types.");
                }

                flag.Defaults.Add((algorithm.Name, Format(setting.Property.GetValue(setting.Owner))));
            }
        }

        return new AlgorithmFlags(flags);
    }

    /// <summary>
    /// Writes each flag's help: the property's XML doc, its algorithms and their defaults. Only help shows it, so the XML
    /// documentation file is read then and not on every command.
    /// </summary>
    public AlgorithmFlags Describe()
    {
        var docs = XmlDocs.For(typeof(TrainerOptions).Assembly);
        foreach (var flag in _flags)
        {
            flag.Option.Description = flag.Describe(docs.Summary(flag.Property), PolicyTrainersCatalog.Algorithms.Count);
        }

        return this;
    }

    /// <summary>The flags only some algorithms have, of <paramref name="algorithm"/> (for the README table).</summary>
    public IEnumerable<string> NamesFor(string algorithm) =>
        _flags.Where(f => f.Defaults.Any(d => d.Algorithm == algorithm) && f.Defaults.Count < PolicyTrainersCatalog.Algorithms.Count).Select(f => f.Option.Name);

    /// <summary>The options of <paramref name="algorithm"/> with its defaults and every flag given on the command line.</summary>
    /// <exception cref="ArgumentException">A flag the algorithm does not have, or a value it cannot take.</exception>
    public TrainerOptions Read(string algorithm, ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var options = PolicyTrainersCatalog.CreateOptions(algorithm);
        var settings = Settings(options).ToDictionary(s => "--" + Kebab(s.Property.Name), StringComparer.Ordinal);
        foreach (var flag in _flags)
        {
            if (parse.GetResult(flag.Option) is not { Implicit: false } given)
            {
                continue;
            }

            if (!settings.TryGetValue(flag.Option.Name, out var setting))
            {
                throw new ArgumentException($"{flag.Option.Name} is not a setting of {algorithm}; it is one of {string.Join(", ", flag.Defaults.Select(d => d.Algorithm))}.");
            }

            setting.Property.SetValue(setting.Owner, Parse(flag, given.GetValueOrDefault<string?>() ?? "true"));
        }

        return options;
    }

    /// <summary>Every hyperparameter of <paramref name="options"/>: its settable properties and those of its sub-options.</summary>
    private static IEnumerable<(object Owner, PropertyInfo Property)> Settings(object options)
    {
        foreach (var p in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            if (p.DeclaringType == typeof(TrajectoryColumnOptions) || p.Name is nameof(TrainerOptions.Run) or nameof(TrainerOptions.Seed))
            {
                continue; // data columns and run settings have flags of their own; --seed seeds the context too
            }

            if (p.GetValue(options) is OptionsGroup group)
            {
                foreach (var setting in Settings(group))
                {
                    yield return setting;
                }
            }
            else if (p.CanWrite && p.SetMethod!.IsPublic)
            {
                yield return (options, p);
            }
        }
    }

    private static object? Parse(Flag flag, string text)
    {
        var type = Nullable.GetUnderlyingType(flag.Property.PropertyType) ?? flag.Property.PropertyType;
        try
        {
            return type switch
            {
                _ when type == typeof(IReadOnlyList<int>) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(h => int.Parse(h, CultureInfo.InvariantCulture)).ToArray(),
                _ when type.IsEnum => Enum.Parse(type, text, ignoreCase: true),
                _ when type == typeof(bool) => bool.Parse(text),
                _ => Convert.ChangeType(text, type, CultureInfo.InvariantCulture),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new ArgumentException($"{flag.Option.Name} {text}: {flag.ValueHint}.", e);
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "none",
        bool b => b ? "true" : "false",
        Enum e => e.ToString().ToLowerInvariant(),
        IEnumerable<int> list => string.Join(",", list),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private static string Kebab(string name) => KebabBoundary().Replace(name, "-$1").ToLowerInvariant();

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex KebabBoundary();

    private sealed class Flag
    {
        public Flag(string name, PropertyInfo property)
        {
            Property = property;
            Option = Aliases.TryGetValue(property.Name, out var alias) ? new Option<string>(name, alias) : new Option<string>(name);
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type == typeof(bool))
            {
                Option.Arity = ArgumentArity.ZeroOrOne; // --cosine-decay alone means true
            }

            ValueHint = type switch
            {
                _ when type == typeof(IReadOnlyList<int>) => "comma-separated integers",
                _ when type.IsEnum => string.Join(" | ", Enum.GetNames(type).Select(n => n.ToLowerInvariant())),
                _ when type == typeof(bool) => "true | false",
                _ when type == typeof(int) => "an integer",
                _ => "a number",
            };
        }

        public PropertyInfo Property { get; }

        public Option<string> Option { get; }

        public string ValueHint { get; }

        public List<(string Algorithm, string Value)> Defaults { get; } = [];

        public string Describe(string summary, int algorithmCount)
        {
            var scope = Defaults.Count == algorithmCount ? "" : string.Join(", ", Defaults.Select(d => d.Algorithm)) + ": ";
            var defaults = Defaults.Select(d => d.Value).Distinct().Count() == 1
                ? $"default {Defaults[0].Value}"
                : "default " + string.Join(", ", Defaults.Select(d => $"{d.Algorithm} {d.Value}"));
            return $"{scope}{summary} ({ValueHint}; {defaults})";
        }
    }

    /// <summary>The summaries of an assembly's XML documentation file, when it ships beside the assembly.</summary>
    private sealed partial class XmlDocs(Dictionary<string, string> summaries)
    {
        public static XmlDocs For(Assembly assembly)
        {
            var path = Path.ChangeExtension(assembly.Location, ".xml");
            if (!File.Exists(path))
            {
                return new XmlDocs([]);
            }

            var members = XDocument.Load(path).Descendants("member")
                .Where(m => m.Attribute("name") is not null && m.Element("summary") is not null)
                .ToDictionary(m => m.Attribute("name")!.Value, m => Text(m.Element("summary")!), StringComparer.Ordinal);
            return new XmlDocs(members);
        }

        public string Summary(PropertyInfo property) =>
            summaries.TryGetValue($"P:{property.DeclaringType!.FullName}.{property.Name}", out var text) ? text : property.Name;

        // <see cref="T:A.B.C"/> reads as C, <c>x</c> as x; whitespace collapsed.
        private static string Text(XElement summary)
        {
            var parts = summary.Nodes().Select(n => n switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" or "seealso" } e => e.Attribute("cref")?.Value.Split('.', ':')[^1] ?? e.Attribute("langword")?.Value ?? e.Value,
                XElement { Name.LocalName: "paramref" or "typeparamref" } e => e.Attribute("name")?.Value ?? "",
                XElement e => e.Value,
                _ => "",
            });
            return Whitespace().Replace(string.Concat(parts), " ").Trim();
        }

        [GeneratedRegex(@"\s+")]
        private static partial Regex Whitespace();
    }
}
