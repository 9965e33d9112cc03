namespace OfflineRl.MLNet.Algorithms.Sac;

/// <summary>Settings of <see cref="SoftActorCriticAgent"/>, with the SAC paper's defaults (Haarnoja et al. 2018, table 1;
/// the learned temperature of its follow-up).</summary>
public sealed class SoftActorCriticAgentOptions
{
    /// <summary>Default hidden widths of the actor and the critics (256 × 2).</summary>
    public static readonly IReadOnlyList<int> DefaultHiddenSizes = [256, 256];

    /// <summary>Default batch size (256).</summary>
    public const int DefaultBatchSize = 256;

    /// <summary>Default Adam learning rate of the critics, the actor and the temperature (3·10⁻⁴).</summary>
    public const float DefaultLearningRate = 3e-4f;

    /// <summary>Default discount γ (0.99).</summary>
    public const float DefaultDiscount = 0.99f;

    /// <summary>Default Polyak rate τ of the target critics (0.005).</summary>
    public const float DefaultTargetUpdateRate = 0.005f;

    /// <summary>Default replay capacity (10⁶ transitions; the oldest are overwritten beyond it).</summary>
    public const int DefaultReplayCapacity = 1_000_000;

    /// <summary>Hidden widths of the actor and of each critic.</summary>
    public IReadOnlyList<int> HiddenSizes { get; set; } = DefaultHiddenSizes;

    /// <summary>Transitions per update.</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>Adam learning rate of every network and of log α.</summary>
    public float LearningRate { get; set; } = DefaultLearningRate;

    /// <summary>Discount γ.</summary>
    public float Discount { get; set; } = DefaultDiscount;

    /// <summary>Polyak rate τ of the target critics.</summary>
    public float TargetUpdateRate { get; set; } = DefaultTargetUpdateRate;

    /// <summary>Initial entropy temperature α (the fixed α when <see cref="LearnTemperature"/> is false).</summary>
    public float Temperature { get; set; } = 1f;

    /// <summary>Learn log α toward the target entropy −|A|.</summary>
    public bool LearnTemperature { get; set; } = true;

    /// <summary>Transitions the replay buffer holds.</summary>
    public int ReplayCapacity { get; set; } = DefaultReplayCapacity;

    /// <summary>Seed of the initialization, the action draws and the batches.</summary>
    public int Seed { get; set; }

    internal void Validate()
    {
        var errors = new List<string>();
        if (HiddenSizes is null || HiddenSizes.Count == 0 || HiddenSizes.Any(h => h < 1))
        {
            errors.Add($"{nameof(HiddenSizes)} must list at least one positive width.");
        }

        if (BatchSize < 1 || ReplayCapacity < BatchSize)
        {
            errors.Add($"{nameof(BatchSize)} must be ≥ 1 and {nameof(ReplayCapacity)} ≥ it (got {BatchSize}, {ReplayCapacity}).");
        }

        if (!(LearningRate > 0) || !(Discount is >= 0 and < 1) || !(TargetUpdateRate is > 0 and <= 1) || !(Temperature > 0))
        {
            errors.Add($"{nameof(LearningRate)} and {nameof(Temperature)} must be > 0, {nameof(Discount)} in [0, 1), {nameof(TargetUpdateRate)} in (0, 1].");
        }

        if (errors.Count > 0)
        {
            throw new Trainers.InvalidOptionsException(nameof(SoftActorCriticAgentOptions), errors);
        }
    }
}
