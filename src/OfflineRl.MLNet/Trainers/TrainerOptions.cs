using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Trainers;

/// <summary>
/// The hyperparameters every trainer shares: steps, batch, network size, optimizer, discount, seed and policy head, with
/// the run settings apart in <see cref="Run"/>. Each algorithm's options derive from this and add their own;
/// <see cref="Validate"/> lists every failure.
/// </summary>
public abstract class TrainerOptions : TrajectoryColumnOptions
{
    /// <summary>Default number of gradient steps.</summary>
    public const int DefaultSteps = 10_000;

    /// <summary>Default minibatch size (the IQL paper's 256).</summary>
    public const int DefaultBatchSize = 256;

    /// <summary>Default learning rate of every network (Adam, 3e-4).</summary>
    public const float DefaultLearningRate = 3e-4f;

    /// <summary>Default discount γ.</summary>
    public const float DefaultDiscount = 0.99f;

    /// <summary>Default fraction of episodes held out for validation: none.</summary>
    public const float DefaultValidationFraction = 0f;

    /// <summary>
    /// Passes over each training transition (steps × batch size / transitions) above which a trainer warns in
    /// <c>mlContext.Log</c> that its budget is large for its data. Measured on CartPole data (docs/off-policy-evaluation.md).
    /// </summary>
    public const double LargeBudgetPasses = 1_000;

    /// <summary>
    /// Normalize observations by their mean and std on the training data (default true). The normalization is inside the
    /// trained policy and its ONNX graph, so the policy always acts on raw observations. (ML.NET's
    /// <c>NormalizeMeanVariance</c> cannot do this: it would fit <c>Observation</c> and <c>NextObservation</c> separately.)
    /// </summary>
    public bool NormalizeObservations { get; set; } = true;

    /// <summary>Gradient steps to take.</summary>
    public int Steps { get; set; } = DefaultSteps;

    /// <summary>Minibatch size.</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>Hidden layer widths of every network (default 256 × 2).</summary>
    public IReadOnlyList<int> HiddenSizes { get; set; } = [256, 256];

    /// <summary>Adam learning rate.</summary>
    public float LearningRate { get; set; } = DefaultLearningRate;

    /// <summary>Discount γ (used by value-based algorithms and Monte-Carlo returns).</summary>
    public float Discount { get; set; } = DefaultDiscount;

    /// <summary>
    /// Fraction of episodes held out for validation, in [0, 1) (default 0: none). Whole episodes are held out, never single
    /// steps, chosen by a shuffle seeded with <see cref="Seed"/>; round(fraction × episodes) of them, which must leave at
    /// least one on each side. Observation normalization is then fitted on the training episodes alone, and validation
    /// losses (prefixed <c>val_</c>) are reported beside the training ones at every progress report.
    /// </summary>
    public float ValidationFraction { get; set; } = DefaultValidationFraction;

    /// <summary>Seed; null takes the context's seed.</summary>
    public int? Seed { get; set; }

    /// <summary>Which policy head to fit (<see cref="PolicyHead.Auto"/>: Gaussian for continuous actions, categorical for discrete).</summary>
    public PolicyHead Head { get; set; } = PolicyHead.Auto;

    /// <summary>How the run is carried out (threads, checkpoints, resume, progress, log, evaluation); it changes no weight.</summary>
    public RunOptions Run { get; set; } = new();

    /// <summary>Checks the options; throws one <see cref="InvalidOptionsException"/> listing every problem.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        AddErrors(errors);
        if (errors.Count > 0)
        {
            throw new InvalidOptionsException(GetType().Name, errors);
        }
    }

    /// <summary>Adds this class's problems; derived options call the base and add theirs.</summary>
    protected virtual void AddErrors(List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (Steps < 1)
        {
            errors.Add($"{nameof(Steps)} must be ≥ 1 (got {Steps}).");
        }

        if (BatchSize < 1)
        {
            errors.Add($"{nameof(BatchSize)} must be ≥ 1 (got {BatchSize}).");
        }

        if (HiddenSizes is null || HiddenSizes.Count == 0 || HiddenSizes.Any(h => h < 1))
        {
            errors.Add($"{nameof(HiddenSizes)} must list at least one layer width, each ≥ 1.");
        }

        if (!(LearningRate > 0) || !float.IsFinite(LearningRate))
        {
            errors.Add($"{nameof(LearningRate)} must be a finite number > 0 (got {LearningRate}).");
        }

        if (!(Discount is >= 0 and <= 1))
        {
            errors.Add($"{nameof(Discount)} must be in [0, 1] (got {Discount}).");
        }

        if (!(ValidationFraction is >= 0 and < 1))
        {
            errors.Add($"{nameof(ValidationFraction)} must be in [0, 1): a fraction of episodes to hold out, 0 for none (got {ValidationFraction}).");
        }

        OptionsGroup.AddErrors(Run, errors, nameof(Run));
    }
}
