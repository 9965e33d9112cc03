using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Algorithms.Td3Bc;

/// <summary>
/// Options of TD3+BC with the paper's defaults: α = 2.5 in λ = α / mean|Q|, target-policy noise 0.2 clipped at 0.5, the
/// actor and targets updated every 2 steps, Polyak rate 0.005, observations normalized. The actor is deterministic
/// (continuous actions only).
/// </summary>
/// <remarks>Fujimoto &amp; Gu 2021: https://arxiv.org/abs/2106.06860 .</remarks>
public sealed class Td3BcOptions : TrainerOptions
{
    /// <summary>Default α (2.5).</summary>
    public const float DefaultAlpha = 2.5f;

    /// <summary>Creates the options with the paper's defaults (and the deterministic head TD3+BC trains).</summary>
    public Td3BcOptions() => Head = PolicyHead.Deterministic;

    /// <summary>α of the actor's λ = α / mean|Q(s, π(s))|: larger trusts Q more, smaller stays nearer the data (&gt; 0).</summary>
    public float Alpha { get; set; } = DefaultAlpha;

    /// <summary>Target-policy smoothing and the delayed actor and target updates.</summary>
    public TwinDelayedOptions TwinDelayed { get; set; } = new();

    /// <summary>The target networks of the critics and the actor (Polyak rate 0.005).</summary>
    public TargetNetworkOptions TargetNetwork { get; set; } = new();

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors)
    {
        base.AddErrors(errors);
        if (!(Alpha > 0) || !float.IsFinite(Alpha))
        {
            errors.Add($"{nameof(Alpha)} must be a finite number > 0 (got {Alpha}).");
        }

        Td3BcLosses.AddHeadError(Head, errors);
        OptionsGroup.AddErrors(TwinDelayed, errors, nameof(TwinDelayed));
        OptionsGroup.AddErrors(TargetNetwork, errors, nameof(TargetNetwork));
    }
}
