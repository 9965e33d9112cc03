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
    /// <summary>Default expectile τ (0.7, the paper's).</summary>
    public const float DefaultExpectile = ExpectileLoss.DefaultExpectile;

    /// <summary>Default β (3, the paper's).</summary>
    public const float DefaultInverseTemperature = AdvantageWeighting.DefaultInverseTemperature;

    /// <summary>Expectile τ of the value loss, in (0, 1); τ &gt; 0.5 pushes V toward the best in-data actions.</summary>
    public float Expectile { get; set; } = DefaultExpectile;

    /// <summary>The policy's advantage weights w = min(exp(β·A), MaxWeight), β = 3 by default.</summary>
    public AdvantageWeightingOptions Weighting { get; set; } = new(DefaultInverseTemperature);

    /// <summary>The target Q networks (Polyak rate 0.005).</summary>
    public TargetNetworkOptions TargetNetwork { get; set; } = new();

    /// <summary>LayerNorm after each hidden layer of the critics (Q, and IQL's V); off by default in IQL, as in its paper.</summary>
    public bool CriticLayerNorm { get; set; }

    /// <summary>Decay the actor's learning rate to 0 with a cosine schedule over <see cref="TrainerOptions.Steps"/>.</summary>
    public bool ActorCosineDecay { get; set; } = true;

    /// <summary>How the policy is extracted from Q and V: advantage-weighted likelihood (the paper's, the default) or DDPG+BC.</summary>
    public IqlPolicyExtraction PolicyExtraction { get; set; } = IqlPolicyExtraction.AdvantageWeighted;

    /// <summary>α of DDPG+BC extraction: the actor descends −Q(s, μ(s)) / mean|Q| + α·‖μ(s) − a‖² (≥ 0; default 0.1).</summary>
    public float BehaviorPenalty { get; set; } = DefaultBehaviorPenalty;

    /// <summary>Default α of DDPG+BC extraction (0.1, ReBRAC's default β₁ for the same loss; 1 made the policy behavior cloning on Pendulum medium-replay).</summary>
    public const float DefaultBehaviorPenalty = 0.1f;

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors)
    {
        base.AddErrors(errors);
        if (!(Expectile is > 0 and < 1))
        {
            errors.Add($"{nameof(Expectile)} must be in (0, 1) (got {Expectile}).");
        }

        if (!(BehaviorPenalty >= 0) || !float.IsFinite(BehaviorPenalty))
        {
            errors.Add($"{nameof(BehaviorPenalty)} must be a finite number ≥ 0 (got {BehaviorPenalty}).");
        }

        OptionsGroup.AddErrors(Weighting, errors, nameof(Weighting));
        OptionsGroup.AddErrors(TargetNetwork, errors, nameof(TargetNetwork));
    }
}
