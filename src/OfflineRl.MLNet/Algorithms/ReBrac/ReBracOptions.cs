using OfflineRl.MLNet.Algorithms.Td3Bc;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Algorithms.ReBrac;

/// <summary>
/// Options of ReBRAC with the defaults of its paper's reference code: TD3+BC with LayerNorm in the critics, three hidden
/// layers of 256, batch 1024, learning rate 1e-3, the actor's penalty β₁ = 1 and the critic's β₂ = 1 (the paper tunes
/// both per dataset; docs/rebrac.md lists its values), λ = 1 / mean|Q|. Continuous actions only.
/// </summary>
/// <remarks>Tarasov, Kurenkov, Nikulin &amp; Kolesnikov 2023: https://arxiv.org/abs/2305.09836 .</remarks>
public sealed class ReBracOptions : TrainerOptions
{
    /// <summary>Default β₁ of the actor's penalty (1).</summary>
    public const float DefaultActorPenalty = 1f;

    /// <summary>Default β₂ of the critic's penalty (1).</summary>
    public const float DefaultCriticPenalty = 1f;

    /// <summary>Default minibatch (1024).</summary>
    public const int DefaultReBracBatchSize = 1024;

    /// <summary>Default learning rate of actor and critic (1e-3).</summary>
    public const float DefaultReBracLearningRate = 1e-3f;

    /// <summary>Creates the options with ReBRAC's defaults.</summary>
    public ReBracOptions()
    {
        Head = PolicyHead.Deterministic;
        BatchSize = DefaultReBracBatchSize;
        LearningRate = DefaultReBracLearningRate;
        HiddenSizes = [256, 256, 256];
    }

    /// <summary>β₁: the actor maximizes λ·Q(s, π(s)) − β₁·‖π(s) − a‖² (≥ 0).</summary>
    public float ActorPenalty { get; set; } = DefaultActorPenalty;

    /// <summary>β₂: the critic's target is r + γ·(min Q̄(s′, a′) − β₂·‖a′ − â′‖²), â′ the action logged at s′ (≥ 0).</summary>
    public float CriticPenalty { get; set; } = DefaultCriticPenalty;

    /// <summary>LayerNorm after each hidden layer of the critics (default true).</summary>
    public bool CriticLayerNorm { get; set; } = true;

    /// <summary>λ = 1 / mean|Q| (true, the default) or λ = 1.</summary>
    public bool NormalizeQ { get; set; } = true;

    /// <summary>Target-policy smoothing and the delayed actor and target updates.</summary>
    public TwinDelayedOptions TwinDelayed { get; set; } = new();

    /// <summary>The target networks of the critics and the actor (Polyak rate 0.005).</summary>
    public TargetNetworkOptions TargetNetwork { get; set; } = new();

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors)
    {
        base.AddErrors(errors);
        if (!(ActorPenalty >= 0) || !float.IsFinite(ActorPenalty))
        {
            errors.Add($"{nameof(ActorPenalty)} must be a finite number ≥ 0 (got {ActorPenalty}).");
        }

        if (!(CriticPenalty >= 0) || !float.IsFinite(CriticPenalty))
        {
            errors.Add($"{nameof(CriticPenalty)} must be a finite number ≥ 0 (got {CriticPenalty}).");
        }

        Td3BcLosses.AddHeadError(Head, errors);
        OptionsGroup.AddErrors(TwinDelayed, errors, nameof(TwinDelayed));
        OptionsGroup.AddErrors(TargetNetwork, errors, nameof(TargetNetwork));
    }
}
