using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Algorithms.Iql;

/// <summary>
/// Options of Implicit Q-Learning with the paper's defaults (docs/transforms.md): expectile τ = 0.7, β = 3, weights clipped at
/// 100, Polyak rate 0.005 for the target Q networks, cosine decay of the actor's learning rate.
/// </summary>
/// <remarks>Kostrikov, Nair &amp; Levine 2021: https://arxiv.org/abs/2110.06169 .</remarks>
public sealed class IqlOptions : TrainerOptions
{
    /// <summary>Default Polyak rate of the target Q networks.</summary>
    public const float DefaultTargetUpdateRate = 0.005f;

    /// <summary>Default expectile τ (0.7, the paper's).</summary>
    public const float DefaultExpectile = ExpectileLoss.DefaultExpectile;

    /// <summary>Default β (3, the paper's).</summary>
    public const float DefaultInverseTemperature = AdvantageWeighting.DefaultInverseTemperature;

    /// <summary>Expectile τ of the value loss, in (0, 1); τ &gt; 0.5 pushes V toward the best in-data actions.</summary>
    public float Expectile { get; set; } = DefaultExpectile;

    /// <summary>Inverse temperature β of the advantage weights w = min(exp(β·A), <see cref="MaxWeight"/>).</summary>
    public float InverseTemperature { get; set; } = DefaultInverseTemperature;

    /// <summary>Clip on the advantage weight.</summary>
    public float MaxWeight { get; set; } = AdvantageWeighting.DefaultMaxWeight;

    /// <summary>Polyak rate of the target Q networks: θ' ← (1 − rate)·θ' + rate·θ.</summary>
    public float TargetUpdateRate { get; set; } = DefaultTargetUpdateRate;

    /// <summary>Decay the actor's learning rate to 0 with a cosine schedule over <see cref="TrainerOptions.Steps"/>.</summary>
    public bool ActorCosineDecay { get; set; } = true;

    /// <summary>Which policy head to fit.</summary>
    public PolicyHead Head { get; set; } = PolicyHead.Auto;

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors)
    {
        base.AddErrors(errors);
        if (!(Expectile is > 0 and < 1))
        {
            errors.Add($"{nameof(Expectile)} must be in (0, 1) (got {Expectile}).");
        }

        AdvantageWeighting.AddOptionErrors(errors, InverseTemperature, MaxWeight);

        if (!(TargetUpdateRate is > 0 and <= 1))
        {
            errors.Add($"{nameof(TargetUpdateRate)} must be in (0, 1] (got {TargetUpdateRate}).");
        }
    }
}
