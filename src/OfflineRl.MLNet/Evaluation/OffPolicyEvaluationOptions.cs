using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// Options of off-policy evaluation (<c>mlContext.OfflineRL().Evaluate(policy, data, options)</c>): the trajectory
/// columns (<see cref="TrajectoryColumnOptions"/>), where the behaviour policy's probabilities come from, the discount, the
/// bootstrap and the FQE critic.
/// </summary>
public sealed class OffPolicyEvaluationOptions : TrajectoryColumnOptions
{
    /// <summary>Default discount γ (0.99, the trainers' default).</summary>
    public const float DefaultDiscount = TrainerOptions.DefaultDiscount;

    /// <summary>Default bootstrap resamples (1,000).</summary>
    public const int DefaultBootstrapResamples = 1_000;

    /// <summary>Default confidence level of the intervals (0.95).</summary>
    public const double DefaultConfidenceLevel = 0.95;

    /// <summary>
    /// Default warning threshold of the effective sample size as a fraction of the episodes (0.1: below one tenth of the
    /// episodes, the importance-sampling estimates rest on a few of them).
    /// </summary>
    public const double DefaultEffectiveSampleSizeWarningFraction = 0.1;

    /// <summary>Default steps of the behaviour-cloning model fitted when the data has no behaviour probabilities (2,000).</summary>
    public const int DefaultBehaviorCloningSteps = 2_000;

    /// <summary>Column of log β(a|s), the behaviour policy's log-probability of the logged action (default <c>BehaviorLogProbability</c>); used when present.</summary>
    public string BehaviorLogProbabilityColumnName { get; set; } = ColumnNames.BehaviorLogProbability;

    /// <summary>Column of β(a|s), the behaviour policy's probability of the logged action (default <c>Propensity</c>); used when present and no log-probability column is.</summary>
    public string PropensityColumnName { get; set; } = ColumnNames.Propensity;

    /// <summary>Discount γ of the estimated value J(π) = E[Σ_t γᵗ r_t].</summary>
    public float Discount { get; set; } = DefaultDiscount;

    /// <summary>Value the greedy policy (default, what deploys) or the stochastic one.</summary>
    public TargetPolicyActions TargetActions { get; set; } = TargetPolicyActions.Greedy;

    /// <summary>Bootstrap resamples of the episodes behind every interval.</summary>
    public int BootstrapResamples { get; set; } = DefaultBootstrapResamples;

    /// <summary>Confidence level of the intervals, in (0, 1).</summary>
    public double ConfidenceLevel { get; set; } = DefaultConfidenceLevel;

    /// <summary>Warn when the importance weights' effective sample size is below this fraction of the episodes.</summary>
    public double EffectiveSampleSizeWarningFraction { get; set; } = DefaultEffectiveSampleSizeWarningFraction;

    /// <summary>Steps of the behaviour-cloning model fitted when the data has neither behaviour column.</summary>
    public int BehaviorCloningSteps { get; set; } = DefaultBehaviorCloningSteps;

    /// <summary>The FQE critic behind the FQE, DR and weighted DR estimates.</summary>
    public FittedQEvaluationOptions FittedQ { get; set; } = new();

    /// <summary>Seed of the bootstrap, the critic and the behaviour model; null takes the context's seed.</summary>
    public int? Seed { get; set; }

    /// <summary>Checks the options; throws one <see cref="InvalidOptionsException"/> listing every problem.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (!(Discount is >= 0 and <= 1))
        {
            errors.Add($"{nameof(Discount)} must be in [0, 1] (got {Discount}).");
        }

        if (BootstrapResamples < 2)
        {
            errors.Add($"{nameof(BootstrapResamples)} must be at least 2 (got {BootstrapResamples}).");
        }

        if (!(ConfidenceLevel is > 0 and < 1))
        {
            errors.Add($"{nameof(ConfidenceLevel)} must be in (0, 1) (got {ConfidenceLevel}).");
        }

        if (!(EffectiveSampleSizeWarningFraction is >= 0 and <= 1))
        {
            errors.Add($"{nameof(EffectiveSampleSizeWarningFraction)} must be in [0, 1] (got {EffectiveSampleSizeWarningFraction}).");
        }

        if (BehaviorCloningSteps < 1)
        {
            errors.Add($"{nameof(BehaviorCloningSteps)} must be at least 1 (got {BehaviorCloningSteps}).");
        }

        if (string.IsNullOrEmpty(BehaviorLogProbabilityColumnName) || string.IsNullOrEmpty(PropensityColumnName))
        {
            errors.Add($"{nameof(BehaviorLogProbabilityColumnName)} and {nameof(PropensityColumnName)} must name a column.");
        }

        OptionsGroup.AddErrors(FittedQ, errors, nameof(FittedQ));
        if (errors.Count > 0)
        {
            throw new InvalidOptionsException(nameof(OffPolicyEvaluationOptions), errors);
        }
    }
}
