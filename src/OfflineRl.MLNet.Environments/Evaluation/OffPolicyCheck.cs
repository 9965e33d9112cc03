using Microsoft.ML;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>Settings of an <see cref="OffPolicyCheck"/>: the environment and its logged data, the policies, the truth and the estimators.</summary>
public sealed class OffPolicyCheckOptions
{
    /// <summary>Default steps of logged data (20,000).</summary>
    public const int DefaultDataSteps = 20_000;

    /// <summary>Default rollouts per policy for its true value (200).</summary>
    public const int DefaultTruthEpisodes = 200;

    /// <summary>The environment (an id of <see cref="EnvironmentCatalog.Ids"/>).</summary>
    public string EnvironmentId { get; set; } = EnvironmentCatalog.CartPole;

    /// <summary>The behaviour data the policies are trained on and evaluated with (default medium-replay: a learner's log).</summary>
    public BehaviorDatasetKind DatasetKind { get; set; } = BehaviorDatasetKind.MediumReplay;

    /// <summary>Steps of logged data (classic control; the stitching tasks log their recipe).</summary>
    public int DataSteps { get; set; } = DefaultDataSteps;

    /// <summary>Seed of the data, the trainers and the estimators; the truth's rollouts use seeds disjoint from the data's.</summary>
    public int Seed { get; set; }

    /// <summary>Rollouts of each greedy policy for its true discounted value.</summary>
    public int TruthEpisodes { get; set; } = DefaultTruthEpisodes;

    /// <summary>The algorithms whose policies are checked (names of <see cref="PolicyTrainersCatalog.Algorithms"/>).</summary>
    public IReadOnlyList<string> Algorithms { get; set; } = ["bc", "filtered-bc", "iql"];

    /// <summary>Training steps of each algorithm's policies: one policy per algorithm and count (short runs give weaker policies).</summary>
    public IReadOnlyList<int> TrainingSteps { get; set; } = [100, 1_000, 5_000];

    /// <summary>Also check an untrained (randomly initialized) policy, the weakest of the set (default true).</summary>
    public bool IncludeUntrained { get; set; } = true;

    /// <summary>Hidden layer widths of the trained policies (default 64 × 2).</summary>
    public IReadOnlyList<int> HiddenSizes { get; set; } = [64, 64];

    /// <summary>The estimators' settings; its <see cref="OffPolicyEvaluationOptions.Discount"/> is also the truth's.</summary>
    public OffPolicyEvaluationOptions Evaluation { get; set; } = new();
}

/// <summary>One policy of an <see cref="OffPolicyCheck"/>: its true value by rollouts and what the estimators said.</summary>
public sealed class OffPolicyCheckPolicy
{
    /// <summary>The policy's name: algorithm and training steps, or <c>untrained</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Mean discounted return of the greedy policy over the truth's rollouts.</summary>
    public required double TrueValue { get; init; }

    /// <summary>Standard error of <see cref="TrueValue"/> (sample sd / √episodes).</summary>
    public required double TrueStandardError { get; init; }

    /// <summary>Mean undiscounted return over the same rollouts (the benchmark's score).</summary>
    public required double MeanReturn { get; init; }

    /// <summary>The off-policy estimates on the logged data.</summary>
    public required OffPolicyEvaluationMetrics Estimates { get; init; }

    /// <summary>Seconds the estimators took for this policy.</summary>
    public required double EvaluationSeconds { get; init; }
}

/// <summary>How one estimator did over the policies of an <see cref="OffPolicyCheck"/>.</summary>
public sealed class OffPolicyCheckEstimator
{
    /// <summary>The estimator's short name (as <see cref="OffPolicyEstimate.Estimator"/>).</summary>
    public required string Estimator { get; init; }

    /// <summary>Policies it estimated (an estimator that could not run for a policy leaves it out).</summary>
    public required int Policies { get; init; }

    /// <summary>Spearman rank correlation of its estimates with the true values.</summary>
    public required double Spearman { get; init; }

    /// <summary>Normalized regret@1 of choosing its top-ranked policy.</summary>
    public required double RegretAtOne { get; init; }

    /// <summary>Fraction of policies whose percentile interval contains the true value.</summary>
    public required double Coverage { get; init; }

    /// <summary>Mean of estimate − true value (negative: underestimates).</summary>
    public required double MeanError { get; init; }
}

/// <summary>The result of an <see cref="OffPolicyCheck"/>.</summary>
public sealed class OffPolicyCheckReport
{
    /// <summary>The environment.</summary>
    public required string EnvironmentId { get; init; }

    /// <summary>The logged data's episodes.</summary>
    public required int DataEpisodes { get; init; }

    /// <summary>The logged data's steps.</summary>
    public required int DataSteps { get; init; }

    /// <summary>Every checked policy.</summary>
    public required IReadOnlyList<OffPolicyCheckPolicy> Policies { get; init; }

    /// <summary>Every estimator's ranking and coverage over the policies.</summary>
    public required IReadOnlyList<OffPolicyCheckEstimator> Estimators { get; init; }
}

/// <summary>
/// Checks off-policy estimates against the truth where the truth can be computed: trains policies of differing quality
/// on an environment's logged data, estimates each one's discounted value from that data, rolls each greedy policy out for
/// its true value, and reports per estimator the Spearman rank correlation, the normalized regret@1 and the coverage of
/// its intervals (docs/off-policy-evaluation.md).
/// </summary>
public static class OffPolicyCheck
{
    /// <summary>Runs the check; <paramref name="progress"/> receives each policy as soon as it is done.</summary>
    public static OffPolicyCheckReport Run(OffPolicyCheckOptions options, Action<OffPolicyCheckPolicy>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Evaluation.Validate();
        var id = EnvironmentCatalog.Canonical(options.EnvironmentId);
        var data = EpisodeDatasets.Generate(id, options.DatasetKind, options.DataSteps, options.Seed);
        var ml = new MLContext(options.Seed);
        var rl = ml.OfflineRL();
        var evaluation = options.Evaluation;
        evaluation.Seed ??= options.Seed;
        var candidates = new List<(string Name, Func<Policy> Make)>();
        if (options.IncludeUntrained)
        {
            var kind = data.ActionSpace.IsDiscrete ? PolicyKind.Categorical : PolicyKind.Gaussian;
            var size = data.ActionSpace.IsDiscrete ? data.ActionSpace.Count : data.ActionSpace.Dimension;
            var bounds = PolicyPreprocessing.From(null, data.ActionSpace);
            candidates.Add(("untrained", () => Policy.CreateRandom(kind, data.ObservationDimension, size, options.HiddenSizes, bounds, options.Seed)));
        }

        foreach (var algorithm in options.Algorithms)
        {
            foreach (var steps in options.TrainingSteps)
            {
                candidates.Add(($"{algorithm}-{steps}", () =>
                {
                    var trainerOptions = PolicyTrainersCatalog.CreateOptions(algorithm);
                    (trainerOptions.Steps, trainerOptions.HiddenSizes, trainerOptions.Seed, trainerOptions.Discount) = (steps, options.HiddenSizes, options.Seed, evaluation.Discount);
                    return rl.Trainers.Create(algorithm, trainerOptions).Fit(data).Model.Policy;
                }
                ));
            }
        }

        var policies = new List<OffPolicyCheckPolicy>();
        foreach (var (name, make) in candidates)
        {
            var policy = make();
            var (value, se, mean) = TrueValue(policy, id, evaluation.Discount, options.TruthEpisodes, options.Seed + 1_000_003);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var estimates = rl.Evaluate(policy, data, evaluation);
            var row = new OffPolicyCheckPolicy
            {
                Name = name,
                TrueValue = value,
                TrueStandardError = se,
                MeanReturn = mean,
                Estimates = estimates,
                EvaluationSeconds = clock.Elapsed.TotalSeconds,
            };
            policies.Add(row);
            progress?.Invoke(row);
        }

        return new OffPolicyCheckReport
        {
            EnvironmentId = id,
            DataEpisodes = data.EpisodeCount,
            DataSteps = data.Count,
            Policies = policies,
            Estimators = Summarize(policies),
        };
    }

    /// <summary>
    /// The true discounted value of the greedy <paramref name="policy"/> in <paramref name="environmentId"/>: the mean over
    /// <paramref name="episodes"/> rollouts (episode i from <see cref="PolicyEvaluator.EpisodeSeed"/>(seed, i)) of
    /// Σ_t γᵗ r_t, its standard error, and the mean undiscounted return.
    /// </summary>
    public static (double Value, double StandardError, double MeanReturn) TrueValue(IPolicy policy, string environmentId, float discount, int episodes, int seed)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 2);
        var environment = EnvironmentCatalog.Create(EnvironmentCatalog.Canonical(environmentId));
        var values = new double[episodes];
        double undiscounted = 0;
        var action = new float[environment.ActionSpace.Dimension];
        for (var i = 0; i < episodes; i++)
        {
            var observation = environment.Reset(PolicyEvaluator.EpisodeSeed(seed, i));
            double g = 1, total = 0;
            while (true)
            {
                policy.Act(observation, action);
                var result = environment.Step(action);
                total += g * result.Reward;
                undiscounted += result.Reward;
                g *= discount;
                if (result.Done)
                {
                    break;
                }

                observation = result.Observation;
            }

            values[i] = total;
        }

        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (episodes - 1));
        return (mean, sd / Math.Sqrt(episodes), undiscounted / episodes);
    }

    private static List<OffPolicyCheckEstimator> Summarize(List<OffPolicyCheckPolicy> policies)
    {
        // The logged (behaviour) value is the same for every policy: it ranks nothing.
        var names = policies.SelectMany(p => p.Estimates.Estimates.Select(e => e.Estimator)).Distinct().Where(n => n != "Logged").ToList();
        var result = new List<OffPolicyCheckEstimator>();
        foreach (var name in names)
        {
            var pairs = policies
                .Select(p => (Estimate: p.Estimates.Estimates.FirstOrDefault(e => e.Estimator == name), p.TrueValue))
                .Where(x => x.Estimate is not null && double.IsFinite(x.Estimate.Value))
                .ToList();
            if (pairs.Count < 2)
            {
                continue;
            }

            var estimates = pairs.Select(x => x.Estimate!.Value).ToList();
            var truths = pairs.Select(x => x.TrueValue).ToList();
            result.Add(new OffPolicyCheckEstimator
            {
                Estimator = name,
                Policies = pairs.Count,
                Spearman = PolicyRanking.SpearmanCorrelation(estimates, truths),
                RegretAtOne = PolicyRanking.RegretAtOne(estimates, truths),
                Coverage = pairs.Count(x => x.Estimate!.Lower <= x.TrueValue && x.TrueValue <= x.Estimate.Upper) / (double)pairs.Count,
                MeanError = pairs.Average(x => x.Estimate!.Value - x.TrueValue),
            });
        }

        return result;
    }
}
