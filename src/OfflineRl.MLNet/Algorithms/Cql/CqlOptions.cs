using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Algorithms.Cql;

/// <summary>
/// Options of Conservative Q-Learning with the paper's defaults (docs/cql.md). Discrete actions: α = 1 on the log-sum-exp
/// penalty, double-Q targets from a Polyak-averaged target network (rate 0.005). Continuous actions: CQL(H) on a soft
/// actor-critic with the settings in <see cref="Continuous"/>.
/// </summary>
/// <remarks>Kumar, Zhou, Tucker &amp; Levine 2020: https://arxiv.org/abs/2006.04779 .</remarks>
public sealed class CqlOptions : TrainerOptions
{
    /// <summary>Default α (1).</summary>
    public const float DefaultAlpha = ConservativePenalty.DefaultAlpha;

    /// <summary>
    /// α, the weight of the conservative penalty α·mean(logsumexp_a Q(s, a) − Q(s, a_data)) (≥ 0; 0 is plain double DQN).
    /// </summary>
    public float Alpha { get; set; } = DefaultAlpha;

    /// <summary>The target Q network (Polyak rate 0.005).</summary>
    public TargetNetworkOptions TargetNetwork { get; set; } = new();

    /// <summary>CQL(H) on a soft actor-critic, for data with continuous actions (<see cref="Alpha"/> is the discrete weight).</summary>
    public ContinuousCqlOptions Continuous { get; set; } = new();

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors)
    {
        base.AddErrors(errors);
        if (!(Alpha >= 0) || !float.IsFinite(Alpha))
        {
            errors.Add($"{nameof(Alpha)} must be a finite number ≥ 0 (got {Alpha}).");
        }

        OptionsGroup.AddErrors(TargetNetwork, errors, nameof(TargetNetwork));
        OptionsGroup.AddErrors(Continuous, errors, nameof(Continuous));
    }
}
