using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Algorithms.Marwil;

/// <summary>
/// Options of MARWIL: fit V to Monte-Carlo returns-to-go (as AWR does), then behavior cloning weighted by
/// w = min(exp(β·A/c), MaxWeight), A = G − V(s), with c² a moving average of the batches' mean A². β = 0 is behavior cloning.
/// </summary>
/// <remarks>Wang et al. 2018, "Exponentially Weighted Imitation Learning for Batched Historical Data": https://papers.nips.cc/paper/7866 .</remarks>
public sealed class MarwilOptions : TrainerOptions
{
    /// <summary>Default β (1).</summary>
    public const float DefaultInverseTemperature = 1f;

    /// <summary>Default ρ of the moving average c² ← c² + ρ·(mean A² − c²) (0.01).</summary>
    public const float DefaultScaleUpdateRate = 0.01f;

    /// <summary>The weights w = min(exp(β·A/c), MaxWeight), β = 1 by default (0 is plain behavior cloning).</summary>
    public AdvantageWeightingOptions Weighting { get; set; } = new(DefaultInverseTemperature);

    /// <summary>Rate ρ in (0, 1] of the advantages' running scale, c² ← c² + ρ·(mean_b A² − c²) (first set to the first batch's mean).</summary>
    public float ScaleUpdateRate { get; set; } = DefaultScaleUpdateRate;

    /// <summary>Gradient steps of the value function's MSE fit to the returns-to-go.</summary>
    public int ValueSteps { get; set; } = AwrOptions.DefaultValueSteps;

    /// <summary>Decay the policy's learning rate to 0 with a cosine schedule.</summary>
    public bool CosineDecay { get; set; }

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors)
    {
        base.AddErrors(errors);
        OptionsGroup.AddErrors(Weighting, errors, nameof(Weighting));
        if (!(ScaleUpdateRate is > 0 and <= 1))
        {
            errors.Add($"{nameof(ScaleUpdateRate)} must be in (0, 1] (got {ScaleUpdateRate}).");
        }

        if (ValueSteps < 0)
        {
            errors.Add($"{nameof(ValueSteps)} must be ≥ 0 (got {ValueSteps}).");
        }
    }
}
