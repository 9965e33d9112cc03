namespace OfflineRl.MLNet.Trainers;

/// <summary>
/// The slowly moving copy of a network that temporal-difference targets read: θ' ← (1 − rate)·θ' + rate·θ after every
/// update (Polyak averaging).
/// </summary>
public sealed class TargetNetworkOptions : OptionsGroup
{
    /// <summary>Default Polyak rate (0.005, as IQL, AWAC and TD3 use: a time constant of about 200 updates).</summary>
    public const float DefaultUpdateRate = 0.005f;

    /// <summary>Polyak rate of the target networks, in (0, 1]; 1 copies the network after every update.</summary>
    public float UpdateRate { get; set; } = DefaultUpdateRate;

    private protected override void AddErrors(List<string> errors, string owner)
    {
        if (!(UpdateRate is > 0 and <= 1))
        {
            errors.Add($"{owner}.{nameof(UpdateRate)} must be in (0, 1] (got {UpdateRate}).");
        }
    }
}
