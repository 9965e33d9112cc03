using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Algorithms.Rwr;

/// <summary>
/// Options of reward-weighted regression: behavior cloning weighted by w = exp(β·G) of each step's Monte-Carlo
/// return-to-go G, with no baseline (the advantage weighting of AWR with V replaced by the constant max G, docs/weighted-likelihood.md).
/// </summary>
/// <remarks>Peters &amp; Schaal 2007: https://doi.org/10.1145/1273496.1273590 . β = 1/α of the exp(G/α).</remarks>
public sealed class RwrOptions : TrainerOptions
{
    /// <summary>Default β (1).</summary>
    public const float DefaultInverseTemperature = 1f;

    /// <summary>The weights w = min(exp(β·(G − max G)), MaxWeight), β = 1 by default (0 is plain behavior cloning).</summary>
    public AdvantageWeightingOptions Weighting { get; set; } = new(DefaultInverseTemperature);

    /// <summary>Decay the policy's learning rate to 0 with a cosine schedule.</summary>
    public bool CosineDecay { get; set; }

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors)
    {
        base.AddErrors(errors);
        OptionsGroup.AddErrors(Weighting, errors, nameof(Weighting));
    }
}
