using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Algorithms.Awac;

/// <summary>
/// Options of Advantage-Weighted Actor-Critic with the paper's defaults: temperature λ = 1 (β = 1/λ = 1), weights
/// clipped at 100, Polyak rate 0.005 for the target Q networks.
/// </summary>
/// <remarks>Nair, Gupta, Dalal &amp; Levine 2020: https://arxiv.org/abs/2006.09359 .</remarks>
public sealed class AwacOptions : TrainerOptions
{
    /// <summary>Default β = 1/λ (the paper's λ = 1).</summary>
    public const float DefaultInverseTemperature = 1f;

    /// <summary>The actor's advantage weights w = min(exp(β·A), MaxWeight); the paper's λ is 1/β (β = 1 by default).</summary>
    public AdvantageWeightingOptions Weighting { get; set; } = new(DefaultInverseTemperature);

    /// <summary>The target Q networks (Polyak rate 0.005).</summary>
    public TargetNetworkOptions TargetNetwork { get; set; } = new();

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors)
    {
        base.AddErrors(errors);
        OptionsGroup.AddErrors(Weighting, errors, nameof(Weighting));
        OptionsGroup.AddErrors(TargetNetwork, errors, nameof(TargetNetwork));
    }
}
