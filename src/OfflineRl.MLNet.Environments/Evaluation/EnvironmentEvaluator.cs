using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// Evaluates a policy by greedy episodes in a built-in environment (<see cref="PolicyEvaluator"/>): set it as
/// <c>TrainerOptions.Evaluator</c> to follow the mean return and normalized score while training. The episodes are seeded
/// from <see cref="Seed"/> only, so every evaluation plays the same start states.
/// </summary>
public sealed class EnvironmentEvaluator : IPolicyEvaluator
{
    /// <summary>Default number of episodes per evaluation.</summary>
    public const int DefaultEpisodes = 10;

    /// <summary>An evaluator in <paramref name="environmentId"/> (an id from <see cref="EnvironmentCatalog.Ids"/>, any case).</summary>
    /// <exception cref="InvalidOptionsException">When the id is unknown or <paramref name="episodes"/> is below 1.</exception>
    public EnvironmentEvaluator(string environmentId, int episodes = DefaultEpisodes, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(environmentId);
        var errors = new List<string>();
        if (!EnvironmentCatalog.Contains(environmentId))
        {
            errors.Add($"environment '{environmentId}' is unknown; use one of {string.Join(", ", EnvironmentCatalog.Ids)}");
        }

        if (episodes < 1)
        {
            errors.Add($"episodes must be ≥ 1 (got {episodes})");
        }

        if (errors.Count > 0)
        {
            throw new InvalidOptionsException(nameof(EnvironmentEvaluator), errors);
        }

        EnvironmentId = EnvironmentCatalog.Canonical(environmentId);
        Episodes = episodes;
        Seed = seed;
    }

    /// <summary>The canonical environment id.</summary>
    public string EnvironmentId { get; }

    /// <summary>Episodes per evaluation.</summary>
    public int Episodes { get; }

    /// <summary>Seed the episodes' start states derive from.</summary>
    public int Seed { get; }

    /// <inheritdoc />
    public string Name => EnvironmentId;

    /// <inheritdoc />
    public void Validate(IPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var environment = EnvironmentCatalog.Create(EnvironmentId);
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
            throw new ArgumentException($"Evaluation environment {EnvironmentId} does not fit the training data: {string.Join("; ", problems)}.");
        }
    }

    /// <inheritdoc />
    public EvaluationResult Evaluate(IPolicy policy) => PolicyEvaluator.Evaluate(PolicyActors.From(policy), EnvironmentId, Episodes, Seed);
}
