using System.Globalization;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// Several target policies valued by off-policy evaluation on the same logged episodes, with the same behaviour model,
/// critic settings and bootstrap resamples, so their estimates compare: <see cref="By"/> ranks them by any estimator, each
/// with its interval, and says which cannot be told apart from the best.
/// </summary>
public sealed class OffPolicyRanking
{
    internal OffPolicyRanking(IReadOnlyList<string> policies, IReadOnlyList<OffPolicyEvaluationMetrics> metrics)
    {
        Policies = policies;
        Metrics = policies.Zip(metrics).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        Estimators = [.. metrics[0].Estimates.Select(e => e.Estimator).Where(e => e != "Logged" && metrics.All(m => Find(m, e) is not null))];
    }

    /// <summary>The policies' names, in the order given.</summary>
    public IReadOnlyList<string> Policies { get; }

    /// <summary>Each policy's full evaluation (every estimate, the effective sample size, the warnings) by name.</summary>
    public IReadOnlyDictionary<string, OffPolicyEvaluationMetrics> Metrics { get; }

    /// <summary>The estimators that ran for every policy (<c>IS</c>, <c>WIS</c>, <c>PDIS</c>, <c>WPDIS</c>, <c>FQE</c>, <c>DR</c>, <c>WDR</c>), in that order.</summary>
    public IReadOnlyList<string> Estimators { get; }

    /// <summary>
    /// The policies ranked by <paramref name="estimator"/>'s value, best first (ties keep the given order). A policy whose
    /// interval reaches the best one's lower end is marked <see cref="RankedPolicy.OverlapsBest"/>: the data cannot tell
    /// it from the best at this confidence level.
    /// </summary>
    /// <param name="estimator">One of <see cref="Estimators"/>, e.g. <c>FQE</c>.</param>
    /// <exception cref="ArgumentException">When the estimator did not run for every policy.</exception>
    public IReadOnlyList<RankedPolicy> By(string estimator)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        if (!Estimators.Contains(estimator, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{estimator}' did not run for every policy; the ranking has [{string.Join(", ", Estimators)}].", nameof(estimator));
        }

        var ordered = Policies.Select(p => (Policy: p, Estimate: Find(Metrics[p], estimator)!)).OrderByDescending(p => p.Estimate.Value).ToList();
        var best = ordered[0].Estimate;
        return [.. ordered.Select((p, i) => new RankedPolicy(i + 1, p.Policy, p.Estimate, i == 0 || p.Estimate.Upper >= best.Lower))];
    }

    /// <summary>The ranking by <paramref name="estimator"/> in one line, e.g. <c>FQE: iql 41.2 [38.0, 44.1] &gt; bc 30.5 [27.9, 33.0]</c>.</summary>
    /// <param name="estimator">One of <see cref="Estimators"/>.</param>
    public string Describe(string estimator) =>
        $"{estimator}: " + string.Join(" > ", By(estimator).Select(r =>
            string.Create(CultureInfo.InvariantCulture, $"{r.Policy} {r.Estimate.Value:G4} [{r.Estimate.Lower:G4}, {r.Estimate.Upper:G4}]{(r.Rank > 1 && r.OverlapsBest ? " (overlaps the best)" : "")}")));

    private static OffPolicyEstimate? Find(OffPolicyEvaluationMetrics metrics, string estimator) =>
        metrics.Estimates.FirstOrDefault(e => e.Estimator == estimator);
}

/// <summary>One policy's place in an <see cref="OffPolicyRanking"/> by one estimator.</summary>
/// <param name="Rank">1 for the highest estimate.</param>
/// <param name="Policy">The policy's name.</param>
/// <param name="Estimate">Its estimate with the bootstrap interval.</param>
/// <param name="OverlapsBest">True for the best, and for a policy whose interval's upper end reaches the best one's lower end.</param>
public sealed record RankedPolicy(int Rank, string Policy, OffPolicyEstimate Estimate, bool OverlapsBest);
