using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Pipeline;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet;

/// <summary>
/// Off-policy evaluation on the catalog, <c>mlContext.OfflineRL().Evaluate(policy, data)</c>, as ML.NET evaluates a model
/// with <c>mlContext.BinaryClassification.Evaluate(data)</c>: it returns a metrics object.
/// </summary>
public static class OffPolicyEvaluationCatalog
{
    /// <summary>
    /// Estimates the value of <paramref name="policy"/> from the logged episodes of <paramref name="data"/> without running
    /// it: importance sampling (IS, weighted, per-decision, weighted per-decision), fitted Q evaluation and doubly robust
    /// (plain and weighted, with FQE as the model), each with a bootstrap interval over episodes. The behaviour policy's
    /// probabilities come from the log-probability or propensity column when the data has one, else from a behaviour
    /// cloning model fitted on the data (<see cref="OffPolicyEvaluationMetrics.BehaviorSource"/> says which).
    /// </summary>
    /// <param name="catalog">The offline RL catalog.</param>
    /// <param name="policy">The target policy (e.g. <c>model.Policy</c>); it reads raw observations.</param>
    /// <param name="data">Whole logged episodes with the trajectory columns, in raw units.</param>
    /// <param name="options">Columns, discount, bootstrap and critic settings; null for the defaults.</param>
    /// <exception cref="DatasetValidationException">When a behaviour probability is not one (a propensity outside (0, 1]).</exception>
    /// <exception cref="InvalidOperationException">When an episode does not start at step 0, or the policy never takes a logged action.</exception>
    public static OffPolicyEvaluationMetrics Evaluate(this OfflineRlCatalog catalog, IPolicy policy, IDataView data, OffPolicyEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Run(catalog, [("policy", policy)], data, options)[0];
    }

    /// <summary>
    /// Values several policies as <see cref="Evaluate"/> does, on the same episodes with one behaviour model and the same
    /// bootstrap resamples, and ranks them: <see cref="OffPolicyRanking.By"/> orders them by any estimator, with intervals
    /// and which policies the data cannot tell from the best. For picking a checkpoint or an algorithm before deploying.
    /// </summary>
    /// <param name="catalog">The offline RL catalog.</param>
    /// <param name="policies">The target policies by name (each reads raw observations).</param>
    /// <param name="data">Whole logged episodes with the trajectory columns, in raw units.</param>
    /// <param name="options">Columns, discount, bootstrap and critic settings; null for the defaults.</param>
    /// <exception cref="ArgumentException">When no policy is given.</exception>
    /// <exception cref="DatasetValidationException">When a behaviour probability is not one (a propensity outside (0, 1]).</exception>
    /// <exception cref="InvalidOperationException">When an episode does not start at step 0, or a policy never takes a logged action.</exception>
    public static OffPolicyRanking Rank(this OfflineRlCatalog catalog, IReadOnlyDictionary<string, IPolicy> policies, IDataView data, OffPolicyEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        if (policies.Count == 0)
        {
            throw new ArgumentException("Give at least one policy to rank.", nameof(policies));
        }

        var named = policies.Select(p => (p.Key, p.Value)).ToList();
        return new OffPolicyRanking([.. named.Select(p => p.Key)], Run(catalog, named, data, options));
    }

    private static List<OffPolicyEvaluationMetrics> Run(OfflineRlCatalog catalog, IReadOnlyList<(string Name, IPolicy Policy)> policies, IDataView data, OffPolicyEvaluationOptions? options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new OffPolicyEvaluationOptions();
        options.Validate();
        var host = ((IHostEnvironment)catalog.Context).Register("OffPolicyEvaluation");
        var seed = options.Seed ?? host.Rand.Next();
        var dataset = TrajectoryDataReader.Read(data, options, TrajectoryTransformer.SourceOf(data));
        OffPolicyData.CheckEpisodeStarts(data, dataset, options.StepColumnName);
        var (logProbabilities, source) = OffPolicyData.LoggedBehavior(data, dataset, options);
        var importanceSampling = dataset.ActionSpace.IsDiscrete || options.TargetActions == TargetPolicyActions.Stochastic;
        if (logProbabilities is null && importanceSampling)
        {
            logProbabilities = FittedBehavior(catalog, dataset, options, seed);
            source = BehaviorPolicySource.FittedBehaviorCloning;
        }

        using var channel = host.Start("OffPolicyEvaluation");
        var all = new List<OffPolicyEvaluationMetrics>();
        foreach (var (name, policy) in policies)
        {
            ArgumentNullException.ThrowIfNull(policy, name);
            var metrics = OffPolicyEvaluator.Evaluate(dataset, policy, logProbabilities, source, options, seed);
            var who = policies.Count == 1 ? "" : $" of {name}";
            channel.Info(MessageSensitivity.None, string.Create(CultureInfo.InvariantCulture,
                $"off-policy evaluation{who}: {metrics.Episodes} episodes, {metrics.Steps} steps, γ {metrics.Discount}, behaviour from {source?.ToString() ?? "none"}: {string.Join("; ", metrics.Estimates)}"));
            foreach (var warning in metrics.Warnings)
            {
                channel.Warning(MessageSensitivity.None, policies.Count == 1 ? warning : $"{name}: {warning}");
            }

            all.Add(metrics);
        }

        return all;
    }

    /// <summary>log β(a_t|s_t) of the logged actions under a behaviour-cloning model fitted on the data itself.</summary>
    private static double[] FittedBehavior(OfflineRlCatalog catalog, TrajectoryDataset data, OffPolicyEvaluationOptions options, int seed)
    {
        var behavior = catalog.Trainers.BehaviorCloning(new BehaviorCloningOptions { Steps = options.BehaviorCloningSteps, Seed = seed }).Fit(data).Model.Policy;
        var actions = data.ActionSpace.IsDiscrete ? [.. data.DiscreteActions.ToArray().Select(a => (float)a)] : data.ContinuousActions.ToArray();
        var logProbs = new float[data.Count];
        behavior.LogProb(data.Observations, actions, data.Count, logProbs);
        return [.. logProbs.Select(x => (double)x)];
    }
}
