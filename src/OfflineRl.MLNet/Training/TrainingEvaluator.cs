using OfflineRl.MLNet.Algorithms;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// Evaluates the policy being trained in an environment (<see cref="TrainerOptions.EvaluationEnvironment"/>) every
/// <see cref="TrainerOptions.EvaluateEvery"/> steps, with <see cref="PolicyEvaluator"/>. The episodes are seeded from
/// <see cref="TrainerOptions.EvaluationSeed"/> only and the policy acts greedily, so evaluating draws nothing from the
/// training's random streams and changes no parameter: training with or without it gives bit-identical weights.
/// </summary>
internal sealed class TrainingEvaluator
{
    private readonly Func<float[], float[]> _act;

    private TrainingEvaluator(Policy policy, string environmentId, int every, int episodes, int seed)
    {
        _act = PolicyActors.From(policy);
        EnvironmentId = environmentId;
        Every = every;
        Episodes = episodes;
        Seed = seed;
    }

    /// <summary>The canonical environment id.</summary>
    public string EnvironmentId { get; }

    /// <summary>Evaluation interval in steps.</summary>
    public int Every { get; }

    /// <summary>Episodes per evaluation.</summary>
    public int Episodes { get; }

    /// <summary>Evaluation seed.</summary>
    public int Seed { get; }

    /// <summary>The evaluator <paramref name="options"/> ask for, or null when they ask for none.</summary>
    /// <exception cref="ArgumentException">When the environment's observations or actions do not fit the policy.</exception>
    public static TrainingEvaluator? Create(TrainerOptions options, Policy policy)
    {
        if (options.EvaluateEvery <= 0 || string.IsNullOrWhiteSpace(options.EvaluationEnvironment))
        {
            return null;
        }

        var id = EnvironmentCatalog.Canonical(options.EvaluationEnvironment);
        var environment = EnvironmentCatalog.Create(id);
        var space = environment.ActionSpace;
        var problems = new List<string>();
        if (environment.ObservationDimension != policy.ObservationDimension)
        {
            problems.Add($"its observations have {environment.ObservationDimension} values but the policy takes {policy.ObservationDimension}");
        }

        var policyDiscrete = policy.Kind == PolicyKind.Categorical;
        if (space.IsDiscrete != policyDiscrete)
        {
            problems.Add($"it takes {space} actions but the policy's are {(policyDiscrete ? "discrete" : "continuous")}");
        }
        else if (space.IsDiscrete ? space.Count != policy.ActionCount : space.Dimension != policy.ActionDimension)
        {
            problems.Add(space.IsDiscrete
                ? $"it has {space.Count} actions but the policy chooses among {policy.ActionCount}"
                : $"its actions have {space.Dimension} values but the policy's have {policy.ActionDimension}");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"{nameof(TrainerOptions.EvaluationEnvironment)} {id} does not fit the training data: {string.Join("; ", problems)}.");
        }

        return new TrainingEvaluator(policy, id, options.EvaluateEvery, options.EvaluationEpisodes, options.EvaluationSeed);
    }

    /// <summary>True when an evaluation is due after <paramref name="done"/> steps.</summary>
    public bool IsDue(int done) => done % Every == 0;

    /// <summary>Runs the episodes with the policy's current parameters.</summary>
    public EvaluationResult Run() => PolicyEvaluator.Evaluate(_act, EnvironmentId, Episodes, Seed);
}
