using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Algorithms.Bcq;

/// <summary>
/// Options of discrete Batch-Constrained Q-learning with the paper's defaults (docs/bcq.md): threshold τ = 0.3 on the
/// relative behaviour probability, double-Q targets from a Polyak-averaged target network (rate 0.005), a logit penalty
/// 0.01 on the behaviour model.
/// </summary>
/// <remarks>Fujimoto, Conti, Ghavamzadeh &amp; Pineau 2019: https://arxiv.org/abs/1910.01708 .</remarks>
public sealed class BcqOptions : TrainerOptions
{
    /// <summary>Default τ (0.3).</summary>
    public const float DefaultThreshold = BehaviorModel.DefaultThreshold;

    /// <summary>Default λ of the behaviour model's logit penalty (0.01).</summary>
    public const float DefaultLogitPenalty = BehaviorModel.DefaultLogitPenalty;

    /// <summary>
    /// τ in [0, 1): the TD target and the policy consider only actions with G(a|s) / max G(·|s) &gt; τ (0 allows every
    /// action: double DQN; near 1, only the behaviour's most likely action: behavior cloning).
    /// </summary>
    public float Threshold { get; set; } = DefaultThreshold;

    /// <summary>λ ≥ 0 of the behaviour model's penalty λ·mean(logit²), which keeps its logits from growing without bound.</summary>
    public float LogitPenalty { get; set; } = DefaultLogitPenalty;

    /// <summary>The target Q network (Polyak rate 0.005).</summary>
    public TargetNetworkOptions TargetNetwork { get; set; } = new();

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors)
    {
        base.AddErrors(errors);
        if (!(Threshold is >= 0 and < 1))
        {
            errors.Add($"{nameof(Threshold)} must be in [0, 1) (got {Threshold}).");
        }

        if (!(LogitPenalty >= 0) || !float.IsFinite(LogitPenalty))
        {
            errors.Add($"{nameof(LogitPenalty)} must be a finite number ≥ 0 (got {LogitPenalty}).");
        }

        OptionsGroup.AddErrors(TargetNetwork, errors, nameof(TargetNetwork));
    }
}
