namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// What off-policy evaluation estimated of a target policy on logged episodes (docs/off-policy-evaluation.md): each
/// estimator's value with a bootstrap interval over episodes, the effective sample size of the importance weights, where
/// the behaviour probabilities came from, and the warnings. An estimator that could not run is null, and a warning says
/// why.
/// </summary>
public sealed class OffPolicyEvaluationMetrics
{
    /// <summary>Episodes evaluated (the bootstrap's units).</summary>
    public required int Episodes { get; init; }

    /// <summary>Steps evaluated.</summary>
    public required int Steps { get; init; }

    /// <summary>The discount γ of every estimate.</summary>
    public required float Discount { get; init; }

    /// <summary>The level of every interval.</summary>
    public required double ConfidenceLevel { get; init; }

    /// <summary>Bootstrap resamples behind every interval.</summary>
    public required int BootstrapResamples { get; init; }

    /// <summary>Which policy was valued: greedy or stochastic.</summary>
    public required TargetPolicyActions TargetActions { get; init; }

    /// <summary>Where β(a|s) came from; null when no importance-sampling estimator ran.</summary>
    public BehaviorPolicySource? BehaviorSource { get; init; }

    /// <summary>The behaviour policy's own value: the mean discounted return of the logged episodes.</summary>
    public required OffPolicyEstimate Logged { get; init; }

    /// <summary>Trajectory-wise importance sampling.</summary>
    public OffPolicyEstimate? ImportanceSampling { get; init; }

    /// <summary>Weighted (self-normalized) importance sampling.</summary>
    public OffPolicyEstimate? WeightedImportanceSampling { get; init; }

    /// <summary>Per-decision importance sampling.</summary>
    public OffPolicyEstimate? PerDecisionImportanceSampling { get; init; }

    /// <summary>Weighted per-decision importance sampling.</summary>
    public OffPolicyEstimate? WeightedPerDecisionImportanceSampling { get; init; }

    /// <summary>Fitted Q evaluation: the mean V̂(s₀) of the FQE critic over the initial states.</summary>
    public OffPolicyEstimate? FittedQ { get; init; }

    /// <summary>Doubly robust, with the FQE critic as the model.</summary>
    public OffPolicyEstimate? DoublyRobust { get; init; }

    /// <summary>Weighted doubly robust, with the FQE critic as the model.</summary>
    public OffPolicyEstimate? WeightedDoublyRobust { get; init; }

    /// <summary>Effective sample size of the trajectory importance weights, (Σ w)² / Σ w²; null without weights.</summary>
    public double? EffectiveSampleSize { get; init; }

    /// <summary><see cref="EffectiveSampleSize"/> as a fraction of <see cref="Episodes"/>.</summary>
    public double? EffectiveSampleSizeFraction => EffectiveSampleSize / Episodes;

    /// <summary>
    /// How many FQE critics, each fit on a bootstrap resample of the episodes, gave <see cref="FittedQ"/>'s interval
    /// (<see cref="FittedQEvaluationOptions.Refits"/>); 0: one critic, the interval over initial states only.
    /// </summary>
    public int FittedQRefits { get; init; }

    /// <summary>The FQE critic's mean squared TD error over its last iteration; null without FQE.</summary>
    public double? FittedQLoss { get; init; }

    /// <summary>Everything that makes an estimate doubtful or absent, in words (also written to <c>mlContext.Log</c>).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Every estimate that ran, the logged value first, in the order of the properties above.</summary>
    public IReadOnlyList<OffPolicyEstimate> Estimates =>
        new[] { Logged, ImportanceSampling, WeightedImportanceSampling, PerDecisionImportanceSampling, WeightedPerDecisionImportanceSampling, FittedQ, DoublyRobust, WeightedDoublyRobust }
            .OfType<OffPolicyEstimate>().ToList();
}
