using System.Globalization;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// Runs every off-policy estimator of a target policy on a validated dataset (raw observations), given the behaviour
/// log-probabilities of the logged actions: the ratios, FQE, the bootstrap over episodes and the warnings.
/// </summary>
internal static class OffPolicyEvaluator
{
    public static OffPolicyEvaluationMetrics Evaluate(
        TrajectoryDataset data, IPolicy policy, double[]? behaviorLogProbabilities, BehaviorPolicySource? source, OffPolicyEvaluationOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.ObservationDimension != data.ObservationDimension)
        {
            throw new ArgumentException($"{data.Source}: observations have {data.ObservationDimension} values but the policy expects {policy.ObservationDimension}.");
        }

        ChunkPolicies.RefuseFor(policy, "off-policy evaluation");
        if ((policy.Kind == PolicyKind.Categorical) != data.ActionSpace.IsDiscrete || (data.ActionSpace.IsDiscrete && policy.ActionCount != data.ActionSpace.Count))
        {
            throw new ArgumentException($"{data.Source}: the data's actions are {data.ActionSpace}; the policy is {policy.Kind} with {(policy.Kind == PolicyKind.Categorical ? policy.ActionCount + " actions" : policy.ActionDimension + " dimensions")}.");
        }

        var warnings = new List<string>();
        var n = data.EpisodeCount;
        var offsets = data.EpisodeOffsets.ToArray();
        var rewards = new double[data.Count];
        for (var r = 0; r < data.Count; r++)
        {
            rewards[r] = data.Rewards[r];
        }

        // The logged actions as the policy reads them: discrete indices as floats, continuous in environment units.
        var actions = data.ActionSpace.IsDiscrete ? data.DiscreteActions.ToArray().Select(a => (float)a).ToArray() : data.ContinuousActions.ToArray();
        var ones = new ImportanceSampling(offsets, rewards, new double[data.Count], options.Discount);
        var targetLogProbabilities = TargetLogProbabilities(data, policy, actions, options.TargetActions, warnings);
        ImportanceSampling? weights = null;
        if (behaviorLogProbabilities is not null && targetLogProbabilities is not null)
        {
            var logRatios = new double[data.Count];
            var anyTaken = false;
            for (var r = 0; r < data.Count; r++)
            {
                logRatios[r] = targetLogProbabilities[r] - behaviorLogProbabilities[r];
                anyTaken |= !double.IsNegativeInfinity(logRatios[r]);
            }

            if (!anyTaken)
            {
                throw new InvalidOperationException(
                    $"{data.Source}: the target policy never takes a logged action (π(a|s) = 0 at all {data.Count} steps), so every importance weight is 0 and " +
                    "nothing can be estimated from this data by importance sampling. Check that the policy and the data describe the same task and action encoding.");
            }

            weights = new ImportanceSampling(offsets, rewards, logRatios, options.Discount);
        }

        double? ess = weights?.EffectiveSampleSize();
        var trajectoryUsable = weights is not null && weights.FinalWeights.Any(w => w > 0);
        if (weights is not null)
        {
            if (!trajectoryUsable)
            {
                warnings.Add($"Every episode's product of importance ratios is 0 (the target policy departs from each logged episode at some step, over episodes of up to {weights.MaxLength} steps): IS is 0 and weighted IS undefined, so they are not reported; the per-decision and doubly robust estimates still use the steps before each departure.");
            }
            else if (ess < options.EffectiveSampleSizeWarningFraction * n)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"The importance weights' effective sample size is {ess:0.#} of {n} episodes ({ess / n:P1}, below the {options.EffectiveSampleSizeWarningFraction:P0} warning level): the importance-sampling estimates rest on a few episodes."));
            }
        }

        FittedQEvaluation? fqe = null;
        double[]? q = null, v = null, initial = null, dr = null;
        if (options.FittedQ.Enabled)
        {
            fqe = FittedQEvaluation.Fit(data, policy, options.TargetActions, options.FittedQ, options.Discount, seed);
            q = fqe.ActionValues(data.Observations, actions, data.Count);
            v = fqe.StateValues(data.Observations, data.Count);
            initial = [.. Enumerable.Range(0, n).Select(i => v[offsets[i]])];
            if (weights is not null)
            {
                dr = DoublyRobust.PerEpisode(weights, q, v);
            }
        }

        // The bootstrap: every estimator recomputed from the same B draws of episode counts.
        var b = options.BootstrapResamples;
        var estimators = new List<Estimator>
        {
            new("Logged", c => ImportanceSampling.Mean(ones.Returns, c), ImportanceSampling.JackknifeOfMean(ones.Returns)),
        };
        if (weights is not null)
        {
            if (trajectoryUsable)
            {
                estimators.Add(new("IS", c => weights.Trajectory(c), ImportanceSampling.JackknifeOfMean(weights.WeightedReturns())));
                estimators.Add(new("WIS", c => weights.WeightedTrajectory(c), weights.JackknifeOfWeightedTrajectory()));
            }

            estimators.Add(new("PDIS", c => weights.PerDecisionEstimate(c), ImportanceSampling.JackknifeOfMean(weights.PerDecision)));
            estimators.Add(new("WPDIS", c => weights.WeightedPerDecision(c), null));
        }

        if (initial is not null)
        {
            // With refits, FQE's replicates are critics refit on resamples, not initial states under the one critic.
            estimators.Add(options.FittedQ.Refits > 0
                ? new("FQE", c => ImportanceSampling.Mean(initial, c), null, RefitEstimates(data, policy, options, seed))
                : new("FQE", c => ImportanceSampling.Mean(initial, c), ImportanceSampling.JackknifeOfMean(initial)));
        }

        if (dr is not null)
        {
            estimators.Add(new("DR", c => ImportanceSampling.Mean(dr, c), ImportanceSampling.JackknifeOfMean(dr)));
            estimators.Add(new("WDR", c => DoublyRobust.Weighted(weights!, q, v, c), null));
        }

        var replicates = estimators.Select(_ => new double[b]).ToArray();
        var random = new NnRandom((ulong)seed ^ 0x0BE5_7A11UL);
        var counts = new int[n];
        for (var k = 0; k < b; k++)
        {
            Bootstrap.DrawCounts(random, counts);
            for (var e = 0; e < estimators.Count; e++)
            {
                if (estimators[e].Replicates is null)
                {
                    replicates[e][k] = estimators[e].Estimate(counts);
                }
            }
        }

        var results = new Dictionary<string, OffPolicyEstimate>();
        for (var e = 0; e < estimators.Count; e++)
        {
            var (name, estimate, jackknife, own) = estimators[e];
            var value = estimate([]);
            var finite = own ?? replicates[e].Where(double.IsFinite).ToArray();
            Array.Sort(finite);
            if (own is null && finite.Length < b)
            {
                warnings.Add($"{name}: {b - finite.Length} of {b} bootstrap resamples had no defined estimate (every drawn weight 0) and are left out of its interval.");
            }

            var (lower, upper) = Bootstrap.Percentile(finite, options.ConfidenceLevel);
            var bca = jackknife is null ? null : Bootstrap.Bca(finite, value, jackknife, options.ConfidenceLevel);
            results[name] = new OffPolicyEstimate
            {
                Estimator = name,
                Value = value,
                StandardError = Bootstrap.StandardError(finite),
                Lower = lower,
                Upper = upper,
                BcaLower = bca?.Lower,
                BcaUpper = bca?.Upper,
            };
        }

        return new OffPolicyEvaluationMetrics
        {
            Episodes = n,
            Steps = data.Count,
            Discount = options.Discount,
            ConfidenceLevel = options.ConfidenceLevel,
            BootstrapResamples = b,
            TargetActions = options.TargetActions,
            BehaviorSource = weights is null ? null : source,
            Logged = results["Logged"],
            ImportanceSampling = results.GetValueOrDefault("IS"),
            WeightedImportanceSampling = results.GetValueOrDefault("WIS"),
            PerDecisionImportanceSampling = results.GetValueOrDefault("PDIS"),
            WeightedPerDecisionImportanceSampling = results.GetValueOrDefault("WPDIS"),
            FittedQ = results.GetValueOrDefault("FQE"),
            DoublyRobust = results.GetValueOrDefault("DR"),
            WeightedDoublyRobust = results.GetValueOrDefault("WDR"),
            EffectiveSampleSize = ess,
            FittedQRefits = fqe is null ? 0 : options.FittedQ.Refits,
            FittedQLoss = fqe?.FinalLoss,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// One estimator: its value from episode counts, its jackknife values (for BCa), and replicates of its own when they
    /// do not come from the shared bootstrap draws.
    /// </summary>
    private sealed record Estimator(string Name, Func<int[], double> Estimate, double[]? Jackknife, double[]? Replicates = null);

    /// <summary>
    /// FQE's estimate from each of <see cref="FittedQEvaluationOptions.Refits"/> critics, each fit (with a seed of its own)
    /// on a bootstrap resample of the episodes and averaged over that resample's initial states.
    /// </summary>
    private static double[] RefitEstimates(TrajectoryDataset data, IPolicy policy, OffPolicyEvaluationOptions options, int seed)
    {
        var n = data.EpisodeCount;
        var random = new NnRandom((ulong)seed ^ 0x00F0_E5EFUL);
        var counts = new int[n];
        var estimates = new double[options.FittedQ.Refits];
        for (var k = 0; k < estimates.Length; k++)
        {
            Bootstrap.DrawCounts(random, counts);
            var episodes = Enumerable.Range(0, n).SelectMany(e => Enumerable.Repeat(e, counts[e])).ToArray();
            var resample = data.SelectEpisodes(episodes);
            var fqe = FittedQEvaluation.Fit(resample, policy, options.TargetActions, options.FittedQ, options.Discount, seed + 1 + k);
            var v = fqe.StateValues(resample.Observations, resample.Count);
            estimates[k] = Enumerable.Range(0, resample.EpisodeCount).Average(e => v[resample.EpisodeOffsets[e]]);
        }

        return estimates;
    }

    /// <summary>log π(a_t|s_t) of the logged actions, or null (with a warning) when the target policy has no usable probabilities.</summary>
    private static double[]? TargetLogProbabilities(TrajectoryDataset data, IPolicy policy, float[] actions, TargetPolicyActions mode, List<string> warnings)
    {
        var count = data.Count;
        var result = new double[count];
        if (mode == TargetPolicyActions.Greedy)
        {
            if (!data.ActionSpace.IsDiscrete)
            {
                warnings.Add("The greedy action of a continuous policy has no density, so importance sampling and doubly robust estimates are not reported; set TargetActions = Stochastic to value the policy's Gaussian instead.");
                return null;
            }

            var greedy = new float[count];
            policy.Act(data.Observations, count, greedy);
            for (var r = 0; r < count; r++)
            {
                result[r] = (int)greedy[r] == data.DiscreteActions[r] ? 0 : double.NegativeInfinity;
            }

            return result;
        }

        var logProbs = new float[count];
        try
        {
            policy.LogProb(data.Observations, actions, count, logProbs);
        }
        catch (NotSupportedException ex)
        {
            warnings.Add($"The target policy gives no probabilities ({ex.Message}), so importance sampling and doubly robust estimates are not reported.");
            return null;
        }

        for (var r = 0; r < count; r++)
        {
            result[r] = logProbs[r];
        }

        return result;
    }
}
