using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Algorithms.Awr;

/// <summary>
/// The weights of an advantage-weighted likelihood, w = min(exp(β·A), <see cref="MaxWeight"/>) (<see cref="AdvantageWeighting"/>),
/// shared by AWR, IQL's policy extraction and AWAC; each sets its own default β.
/// </summary>
public sealed class AdvantageWeightingOptions : OptionsGroup
{
    /// <summary>Weights with β = <see cref="AdvantageWeighting.DefaultInverseTemperature"/>.</summary>
    public AdvantageWeightingOptions()
        : this(AdvantageWeighting.DefaultInverseTemperature)
    {
    }

    /// <summary>Weights with the given default β.</summary>
    public AdvantageWeightingOptions(float inverseTemperature) => InverseTemperature = inverseTemperature;

    /// <summary>Inverse temperature β, finite and ≥ 0 (0 is plain behavior cloning); the papers' temperature is 1/β.</summary>
    public float InverseTemperature { get; set; }

    /// <summary>Clip on the weight, &gt; 0.</summary>
    public float MaxWeight { get; set; } = AdvantageWeighting.DefaultMaxWeight;

    private protected override void AddErrors(List<string> errors, string owner)
    {
        if (!(InverseTemperature >= 0) || !float.IsFinite(InverseTemperature))
        {
            errors.Add($"{owner}.{nameof(InverseTemperature)} must be finite and ≥ 0 (got {InverseTemperature}).");
        }

        if (!(MaxWeight > 0))
        {
            errors.Add($"{owner}.{nameof(MaxWeight)} must be > 0 (got {MaxWeight}).");
        }
    }
}
