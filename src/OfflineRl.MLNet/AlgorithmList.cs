using OfflineRl.MLNet.Algorithms;
using OfflineRl.MLNet.Algorithms.Awac;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Algorithms.Bcq;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.ChiSquaredDice;
using OfflineRl.MLNet.Algorithms.Cql;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Algorithms.Marwil;
using OfflineRl.MLNet.Algorithms.QChunking;
using OfflineRl.MLNet.Algorithms.ReBrac;
using OfflineRl.MLNet.Algorithms.Rwr;
using OfflineRl.MLNet.Algorithms.Td3Bc;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet;

/// <summary>
/// One algorithm of the library, as the trainer catalog's callers see it: the command line, the <c>bench</c> command,
/// the benchmark and the conformance tests all read <see cref="AlgorithmList.All"/>.
/// </summary>
/// <param name="Name">Name on the command line and in models (bc, iql, ...).</param>
/// <param name="Title">Name in result tables.</param>
/// <param name="Summary">One line for help texts.</param>
/// <param name="NewOptions">The algorithm's options with its defaults.</param>
/// <param name="CreateTrainer">The trainer for those options (through the public catalog).</param>
internal sealed record AlgorithmEntry(
    string Name,
    string Title,
    string Summary,
    Func<TrainerOptions> NewOptions,
    Func<PolicyTrainersCatalog, TrainerOptions, IPolicyTrainer> CreateTrainer)
{
    /// <summary>The entry of an algorithm with options <typeparamref name="TOptions"/> and its catalog extension <paramref name="create"/>.</summary>
    public static AlgorithmEntry Of<TOptions>(string name, string title, string summary, Func<PolicyTrainersCatalog, TOptions, IPolicyTrainer> create)
        where TOptions : TrainerOptions, new() =>
        new(name, title, summary, () => new TOptions(), (catalog, options) => create(catalog, (TOptions)options));

    /// <summary>The algorithm learns on TD transitions and exports value networks.</summary>
    public bool LearnsValues { get; init; }

    /// <summary>The algorithm needs continuous actions (a deterministic actor).</summary>
    public bool ContinuousOnly { get; init; }

    /// <summary>The algorithm needs discrete actions (its policy is greedy over one Q value per action).</summary>
    public bool DiscreteOnly { get; init; }

    /// <summary>The algorithm trains on data with discrete (<paramref name="discrete"/>) or continuous actions.</summary>
    public bool Supports(bool discrete) => discrete ? !ContinuousOnly : !DiscreteOnly;

    /// <summary>The algorithm imitates the data as it is (plain behavior cloning) rather than preferring what paid.</summary>
    public bool ImitatesData { get; init; }
}

/// <summary>The one list of algorithms.</summary>
internal static class AlgorithmList
{
    /// <summary>Every algorithm, in the order help texts and result tables show them.</summary>
    public static IReadOnlyList<AlgorithmEntry> All { get; } =
    [
        AlgorithmEntry.Of<BehaviorCloningOptions>("bc", "BC", "behavior cloning", (t, o) => t.BehaviorCloning(o)) with { ImitatesData = true },
        AlgorithmEntry.Of<FilteredBehaviorCloningOptions>("filtered-bc", "Filtered BC 10%", "behavior cloning of the top episodes by return",
            (t, o) => t.FilteredBehaviorCloning(o)),
        AlgorithmEntry.Of<AwrOptions>("awr", "AWR", "advantage-weighted regression", (t, o) => t.Awr(o)),
        AlgorithmEntry.Of<RwrOptions>("rwr", "RWR", "reward-weighted regression (returns, no baseline)", (t, o) => t.Rwr(o)),
        AlgorithmEntry.Of<MarwilOptions>("marwil", "MARWIL", "advantage-weighted imitation with a running advantage scale", (t, o) => t.Marwil(o)),
        AlgorithmEntry.Of<IqlOptions>("iql", "IQL", "implicit Q-learning", (t, o) => t.Iql(o)) with { LearnsValues = true },
        AlgorithmEntry.Of<AwacOptions>("awac", "AWAC", "advantage-weighted actor-critic", (t, o) => t.Awac(o)) with { LearnsValues = true },
        AlgorithmEntry.Of<ChiSquaredDiceOptions>("chi2-dice", "χ²-DICE", "χ²-regularized dual values, policy weighted by max(0, A)", (t, o) => t.ChiSquaredDice(o))
            with { LearnsValues = true },
        AlgorithmEntry.Of<Td3BcOptions>("td3bc", "TD3+BC", "TD3 with a behavior-cloning term (continuous actions)", (t, o) => t.Td3Bc(o))
            with { LearnsValues = true, ContinuousOnly = true },
        AlgorithmEntry.Of<ReBracOptions>("rebrac", "ReBRAC", "TD3+BC with LayerNorm critics and a critic penalty (continuous actions)", (t, o) => t.ReBrac(o))
            with { LearnsValues = true, ContinuousOnly = true },
        AlgorithmEntry.Of<QChunkingOptions>("q-chunking", "Q-chunking", "a critic over action chunks with an h-step backup and a DDPG+BC chunk policy (continuous actions)",
            (t, o) => t.QChunking(o)) with { LearnsValues = true, ContinuousOnly = true },
        AlgorithmEntry.Of<CqlOptions>("cql", "CQL", "conservative Q-learning (discrete: double DQN; continuous: CQL(H) on soft actor-critic)", (t, o) => t.Cql(o))
            with { LearnsValues = true },
        AlgorithmEntry.Of<BcqOptions>("bcq", "BCQ", "batch-constrained Q-learning (discrete actions)", (t, o) => t.Bcq(o))
            with { LearnsValues = true, DiscreteOnly = true },
    ];

    /// <summary>What the public catalog tells about each algorithm.</summary>
    public static IReadOnlyList<AlgorithmInfo> Infos { get; } = [.. All.Select(a => new AlgorithmInfo(a.Name, a.Title, a.Summary) { ContinuousOnly = a.ContinuousOnly, DiscreteOnly = a.DiscreteOnly })];

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
public sealed record AlgorithmInfo(string Name, string Title, string Summary)
{
    /// <summary>The algorithm needs continuous actions (its actor is deterministic); it refuses discrete data.</summary>
    public bool ContinuousOnly { get; init; }

    /// <summary>The algorithm needs discrete actions (its policy is greedy over one Q value per action); it refuses continuous data.</summary>
    public bool DiscreteOnly { get; init; }
}
