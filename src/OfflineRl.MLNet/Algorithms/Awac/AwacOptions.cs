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

    /// <summary>Default Polyak rate of the target Q networks.</summary>
    public const float DefaultTargetUpdateRate = 0.005f;

    /// <summary>Inverse temperature β of the advantage weights w = min(exp(β·A), <see cref="MaxWeight"/>); the paper's λ is 1/β.</summary>
    public float InverseTemperature { get; set; } = DefaultInverseTemperature;

    /// <summary>Clip on the advantage weight.</summary>
    public float MaxWeight { get; set; } = AdvantageWeighting.DefaultMaxWeight;

    /// <summary>Polyak rate of the target Q networks: θ' ← (1 − rate)·θ' + rate·θ.</summary>
    public float TargetUpdateRate { get; set; } = DefaultTargetUpdateRate;

    /// <summary>Which policy head to fit (the paper's is Auto: Gaussian for continuous actions, categorical for discrete).</summary>
    public PolicyHead Head { get; set; } = PolicyHead.Auto;

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors)
    {
        base.AddErrors(errors);
        AdvantageWeighting.AddOptionErrors(errors, InverseTemperature, MaxWeight);

        if (!(TargetUpdateRate is > 0 and <= 1))
        {
            errors.Add($"{nameof(TargetUpdateRate)} must be in (0, 1] (got {TargetUpdateRate}).");
        }
    }
}
