using OfflineRl.MLNet.Algorithms;
using OfflineRl.MLNet.Algorithms.Awac;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet;

/// <summary>
/// Settings a caller may give an algorithm beside the shared <see cref="TrainerOptions"/> (the command line's
/// <c>--top-fraction</c>, <c>--beta</c>, <c>--expectile</c>); null keeps the algorithm's default, and an algorithm
/// ignores what it has no use for.
/// </summary>
internal sealed record AlgorithmSettings(double TopFraction = 0.1, float? InverseTemperature = null, float? Expectile = null);

/// <summary>
/// One algorithm of the library, as the trainer catalog's callers see it: the command line, the <c>bench</c> command,
/// the benchmark and the conformance tests all read <see cref="AlgorithmList.All"/>.
/// </summary>
/// <param name="Name">Name on the command line and in models (bc, iql, ...).</param>
/// <param name="Title">Name in result tables.</param>
/// <param name="Summary">One line for help texts.</param>
/// <param name="NewOptions">The algorithm's options with its defaults and the given settings applied.</param>
/// <param name="CreateTrainer">The trainer for those options (through the public catalog).</param>
internal sealed record AlgorithmEntry(
    string Name,
    string Title,
    string Summary,
    Func<AlgorithmSettings, TrainerOptions> NewOptions,
    Func<PolicyTrainersCatalog, TrainerOptions, AlgorithmSettings, IPolicyTrainer> CreateTrainer)
{
    /// <summary>The algorithm trains on the data's <c>Weight</c> column (which its own data preparation adds).</summary>
    public bool ReadsWeights { get; init; }

    /// <summary>The algorithm learns on TD transitions and exports value networks.</summary>
    public bool LearnsValues { get; init; }

    /// <summary>The algorithm imitates the data as it is (plain behavior cloning) rather than preferring what paid.</summary>
    public bool ImitatesData { get; init; }
}

/// <summary>The one list of algorithms.</summary>
internal static class AlgorithmList
{
    /// <summary>Every algorithm, in the order help texts and result tables show them.</summary>
    public static IReadOnlyList<AlgorithmEntry> All { get; } =
    [
        new("bc", "BC", "behavior cloning",
            _ => new BehaviorCloningOptions(),
            (t, o, _) => t.BehaviorCloning((BehaviorCloningOptions)o)) { ImitatesData = true },
        new("filtered-bc", "Filtered BC 10%", "behavior cloning of the top episodes by return (--top-fraction)",
            _ => new BehaviorCloningOptions(),
            (t, o, s) => t.FilteredBehaviorCloning(s.TopFraction, (BehaviorCloningOptions)o)),
        new("awr", "AWR", "advantage-weighted regression (--beta)",
            s => new AwrOptions { InverseTemperature = s.InverseTemperature ?? AwrOptions.DefaultInverseTemperature },
            (t, o, _) => t.Awr((AwrOptions)o)) { ReadsWeights = true },
        new("iql", "IQL", "implicit Q-learning (--expectile, --beta)",
            s => new IqlOptions
            {
                InverseTemperature = s.InverseTemperature ?? IqlOptions.DefaultInverseTemperature,
                Expectile = s.Expectile ?? IqlOptions.DefaultExpectile,
            },
            (t, o, _) => t.Iql((IqlOptions)o)) { LearnsValues = true },
        new("awac", "AWAC", "advantage-weighted actor-critic (--beta)",
            s => new AwacOptions { InverseTemperature = s.InverseTemperature ?? AwacOptions.DefaultInverseTemperature },
            (t, o, _) => t.Awac((AwacOptions)o)) { LearnsValues = true },
    ];

    /// <summary>What the public catalog tells about each algorithm.</summary>
    public static IReadOnlyList<AlgorithmInfo> Infos { get; } = [.. All.Select(a => new AlgorithmInfo(a.Name, a.Title, a.Summary))];

    /// <summary>The names, in list order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(a => a.Name)];

    /// <summary>The entry named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">When no algorithm has that name (the message lists the names).</exception>
    public static AlgorithmEntry Find(string name) =>
        All.FirstOrDefault(a => a.Name == name)
        ?? throw new ArgumentException($"--algo {name} is not available in this build; use one of: {string.Join(", ", Names)}.");
}

/// <summary>One algorithm of <see cref="PolicyTrainersCatalog.Algorithms"/>.</summary>
/// <param name="Name">Its name in models and on the command line (<c>bc</c>, <c>iql</c>, ...).</param>
/// <param name="Title">Its name in result tables.</param>
/// <param name="Summary">One line about it.</param>
public sealed record AlgorithmInfo(string Name, string Title, string Summary);
