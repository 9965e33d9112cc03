using OfflineRl.MLNet.Algorithms.Td3Bc;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Algorithms.QChunking;

/// <summary>
/// Options of Q-chunking with a DDPG+BC chunk policy: chunks of h = 5 actions (the paper's state-based tasks), twin critics
/// over the flattened chunk with LayerNorm (the paper's critic), the actor's λ = α / mean|Q| with α = 2.5 and TD3's target
/// smoothing and delayed updates, so that with h = 1 and no LayerNorm it is TD3+BC. Continuous actions only.
/// </summary>
/// <remarks>Li, Zhou &amp; Levine 2025, "Reinforcement Learning with Action Chunking": https://arxiv.org/abs/2507.07969 .</remarks>
public sealed class QChunkingOptions : TrainerOptions
{
    /// <summary>Default chunk length h (5).</summary>
    public const int DefaultChunkLength = 5;

    /// <summary>Default α (2.5, TD3+BC's).</summary>
    public const float DefaultAlpha = Td3BcOptions.DefaultAlpha;

    /// <summary>Creates the options with the defaults (and the deterministic head the chunk policy is).</summary>
    public QChunkingOptions() => Head = PolicyHead.Deterministic;

    /// <summary>h: actions per chunk; the critic reads h actions, the backup spans h steps and the policy emits h actions (≥ 1).</summary>
    public int ChunkLength { get; set; } = DefaultChunkLength;

    /// <summary>α of the actor's λ = α / mean|Q(s, π(s))|: larger trusts Q more, smaller stays nearer the logged chunks (&gt; 0).</summary>
    public float Alpha { get; set; } = DefaultAlpha;

    /// <summary>LayerNorm after each hidden layer of the critics (default true, as in the paper).</summary>
    public bool CriticLayerNorm { get; set; } = true;

    /// <summary>Target-policy smoothing (on every action of the target chunk) and the delayed actor and target updates.</summary>
    public TwinDelayedOptions TwinDelayed { get; set; } = new();

    /// <summary>The target networks of the critics and the actor (Polyak rate 0.005).</summary>
    public TargetNetworkOptions TargetNetwork { get; set; } = new();

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors)
    {
        base.AddErrors(errors);
        if (ChunkLength is < 1 or > MaxChunkLength)
        {
            errors.Add($"{nameof(ChunkLength)} must be from 1 to {MaxChunkLength} (got {ChunkLength}).");
        }

        if (!(Alpha > 0) || !float.IsFinite(Alpha))
        {
            errors.Add($"{nameof(Alpha)} must be a finite number > 0 (got {Alpha}).");
        }

        Td3BcLosses.AddHeadError(Head, errors);
        OptionsGroup.AddErrors(TwinDelayed, errors, nameof(TwinDelayed));
        OptionsGroup.AddErrors(TargetNetwork, errors, nameof(TargetNetwork));
    }

    /// <summary>The longest chunk the options accept.</summary>
    private const int MaxChunkLength = 256;
}
