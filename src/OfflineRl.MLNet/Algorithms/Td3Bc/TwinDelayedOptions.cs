namespace OfflineRl.MLNet.Algorithms.Td3Bc;

/// <summary>
/// What TD3 (Fujimoto, van Hoof &amp; Meger 2018, https://arxiv.org/abs/1802.09477) adds to DDPG beside its twin critics,
/// shared by TD3+BC and ReBRAC: target-policy smoothing — the target action is π̄(s′) + clip(N(0, σ²), −c, c), clipped to the
/// action range — and delayed updates: the actor and every target network move once per <see cref="PolicyFrequency"/>
/// critic steps. Actions are in the scaled space [−1, 1].
/// </summary>
public sealed class TwinDelayedOptions : Trainers.OptionsGroup
{
    /// <summary>Default σ of the target-policy noise (0.2, in the scaled action space).</summary>
    public const float DefaultPolicyNoise = 0.2f;

    /// <summary>Default clip c of the target-policy noise (0.5).</summary>
    public const float DefaultNoiseClip = 0.5f;

    /// <summary>Default critic steps per actor step (2).</summary>
    public const int DefaultPolicyFrequency = 2;

    /// <summary>σ of the Gaussian noise added to target actions (≥ 0; 0 turns smoothing off).</summary>
    public float PolicyNoise { get; set; } = DefaultPolicyNoise;

    /// <summary>The noise is clipped to [−c, c] (≥ 0).</summary>
    public float NoiseClip { get; set; } = DefaultNoiseClip;

    /// <summary>The actor and the targets update on every this-many-th step (≥ 1).</summary>
    public int PolicyFrequency { get; set; } = DefaultPolicyFrequency;

    private protected override void AddErrors(List<string> errors, string owner)
    {
        if (!(PolicyNoise >= 0) || !float.IsFinite(PolicyNoise))
        {
            errors.Add($"{owner}.{nameof(PolicyNoise)} must be a finite number ≥ 0 (got {PolicyNoise}).");
        }

        if (!(NoiseClip >= 0) || !float.IsFinite(NoiseClip))
        {
            errors.Add($"{owner}.{nameof(NoiseClip)} must be a finite number ≥ 0 (got {NoiseClip}).");
        }

        if (PolicyFrequency < 1)
        {
            errors.Add($"{owner}.{nameof(PolicyFrequency)} must be ≥ 1 (got {PolicyFrequency}).");
        }
    }
}
