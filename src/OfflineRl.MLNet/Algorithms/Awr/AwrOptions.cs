using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Algorithms.Awr;

/// <summary>
/// Options of advantage-weighted regression: fit V to Monte-Carlo returns-to-go, weight each step by
/// w = min(exp(β·(G − V(s))), MaxWeight), then weighted behavior cloning. <see cref="TrainerOptions.Steps"/> counts the
/// policy's steps; <see cref="ValueSteps"/> the value function's.
/// </summary>
/// <remarks>Peng et al. 2019: https://arxiv.org/abs/1910.00177 . β = 1/α of the paper (docs/transforms.md).</remarks>
public sealed class AwrOptions : TrainerOptions
{
    /// <summary>Default number of value-function steps.</summary>
    public const int DefaultValueSteps = 2_000;

    /// <summary>Default β (1; the AWR paper's temperature α = 1/β).</summary>
    public const float DefaultInverseTemperature = 1f;

    /// <summary>The weights w = min(exp(β·(G − V(s))), MaxWeight), β = 1 by default (0 is plain behavior cloning).</summary>
    public AdvantageWeightingOptions Weighting { get; set; } = new(DefaultInverseTemperature);

    /// <summary>Gradient steps of the value function's MSE fit to the returns-to-go.</summary>
    public int ValueSteps { get; set; } = DefaultValueSteps;

    /// <summary>Decay the policy's learning rate to 0 with a cosine schedule.</summary>
    public bool CosineDecay { get; set; }

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors)
    {
        base.AddErrors(errors);
        OptionsGroup.AddErrors(Weighting, errors, nameof(Weighting));

        if (ValueSteps < 0)
        {
            errors.Add($"{nameof(ValueSteps)} must be ≥ 0 (got {ValueSteps}).");
        }
    }
}
