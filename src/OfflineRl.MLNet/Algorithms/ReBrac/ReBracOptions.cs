using OfflineRl.MLNet.Algorithms.Td3Bc;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Algorithms.ReBrac;

/// <summary>
/// Options of ReBRAC: TD3+BC with LayerNorm in the critics, three hidden layers of 256, batch 1024, learning rate 1e-3
/// (its reference code's), the actor's penalty β₁ = 0.1 and the critic's β₂ = 0.01 (from the paper's per-dataset grid;
/// docs/td3bc.md lists its values), λ = 1 / mean|Q|. Continuous actions only.
/// </summary>
/// <remarks>Tarasov, Kurenkov, Nikulin &amp; Kolesnikov 2023: https://arxiv.org/abs/2305.09836 .</remarks>
public sealed class ReBracOptions : TrainerOptions
{
    /// <summary>
    /// Default β₁ of the actor's penalty (0.1, the largest of the paper's grid {0.001, 0.01, 0.05, 0.1}; its reference code's
    /// 1 made the policy behavior cloning on Pendulum medium-replay, docs/td3bc.md).
    /// </summary>
    public const float DefaultActorPenalty = 0.1f;

    /// <summary>Default β₂ of the critic's penalty (0.01, the paper's most frequent tuned value).</summary>
    public const float DefaultCriticPenalty = 0.01f;

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
