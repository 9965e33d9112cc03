using System.Globalization;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>One off-policy estimate of a policy's value with its bootstrap standard error and confidence intervals.</summary>
public sealed class OffPolicyEstimate
{
    /// <summary>The estimator's short name (<c>IS</c>, <c>WIS</c>, <c>PDIS</c>, <c>WPDIS</c>, <c>FQE</c>, <c>DR</c>, <c>WDR</c>, <c>Logged</c>).</summary>
    public required string Estimator { get; init; }

    /// <summary>The estimate of J(π) = E[Σ_t γᵗ r_t] over the data's initial states.</summary>
    public required double Value { get; init; }

    /// <summary>The bootstrap standard error (standard deviation of the resampled estimates).</summary>
    public required double StandardError { get; init; }

    /// <summary>Lower end of the percentile interval.</summary>
    public required double Lower { get; init; }

    /// <summary>Upper end of the percentile interval.</summary>
    public required double Upper { get; init; }

    /// <summary>Lower end of the BCa interval, where it is computed (not for the per-step weighted estimators).</summary>
    public double? BcaLower { get; init; }

    /// <summary>Upper end of the BCa interval, where it is computed.</summary>
    public double? BcaUpper { get; init; }

    /// <summary>The estimate with its percentile interval, e.g. <c>WIS 0.52 [0.47, 0.58]</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Estimator} {Value:G4} [{Lower:G4}, {Upper:G4}]");
}
