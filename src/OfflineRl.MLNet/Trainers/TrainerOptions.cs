using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Trainers;

/// <summary>
/// What every trainer shares: steps, batch, network size, optimizer, seed, threads, checkpoints, progress, log and
/// evaluation of the current policy in an environment during training.
/// Each algorithm's options derive from this and add their own; <see cref="Validate"/> lists every failure.
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

    /// <summary>Default progress interval in steps.</summary>
    public const int DefaultReportEvery = 100;

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

    /// <summary>Seed; null takes the context's seed.</summary>
    public int? Seed { get; set; }

    /// <summary>Threads for the network math. Same seed and thread count give bit-identical weights.</summary>
    public int Threads { get; set; } = 1;

    /// <summary>Write a checkpoint every this many steps (0: never).</summary>
    public int CheckpointEvery { get; set; }

    /// <summary>Folder for checkpoints; required when <see cref="CheckpointEvery"/> &gt; 0.</summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>
    /// Resume from this checkpoint file, or from the newest checkpoint in this folder (e.g. <see cref="CheckpointDirectory"/>
    /// after a crash), instead of starting fresh. The weights then end bit-identical to an uninterrupted run.
    /// </summary>
    public string? ResumeFrom { get; set; }

    /// <summary>Receives progress every <see cref="ReportEvery"/> steps.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Progress interval in steps.</summary>
    public int ReportEvery { get; set; } = DefaultReportEvery;

    /// <summary>Append each progress report to this CSV file (step, losses, learning rates, steps/s).</summary>
    public string? LogPath { get; set; }

    /// <summary>
    /// Scores the current policy every <see cref="EvaluateEvery"/> steps (e.g. <c>new EnvironmentEvaluator("CartPole-v1")</c>
    /// from OfflineRl.MLNet.Environments); null (the default) evaluates nothing. The result is reported in
    /// <see cref="TrainingProgress.Evaluation"/> and its mean return and normalized score are written into the CSV log. An
    /// evaluator uses its own random stream, so the trained weights are the same with or without it.
    /// </summary>
    public IPolicyEvaluator? Evaluator { get; set; }

    /// <summary>Run <see cref="Evaluator"/> every this many steps (0: never, the default).</summary>
    public int EvaluateEvery { get; set; }

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

        if (Threads < 1)
        {
            errors.Add($"{nameof(Threads)} must be ≥ 1 (got {Threads}).");
        }

        if (CheckpointEvery < 0)
        {
            errors.Add($"{nameof(CheckpointEvery)} must be ≥ 0 (got {CheckpointEvery}).");
        }
        else if (CheckpointEvery > 0 && string.IsNullOrWhiteSpace(CheckpointDirectory))
        {
            errors.Add($"{nameof(CheckpointDirectory)} is required when {nameof(CheckpointEvery)} > 0.");
        }

        if (ReportEvery < 1)
        {
            errors.Add($"{nameof(ReportEvery)} must be ≥ 1 (got {ReportEvery}).");
        }

        AddEvaluationErrors(errors);
    }

    private void AddEvaluationErrors(List<string> errors)
    {
        if (EvaluateEvery < 0)
        {
            errors.Add($"{nameof(EvaluateEvery)} must be ≥ 0 (got {EvaluateEvery}).");
        }
        else if (EvaluateEvery > 0 && Evaluator is null)
        {
            errors.Add($"{nameof(Evaluator)} is required when {nameof(EvaluateEvery)} > 0.");
        }
        else if (EvaluateEvery == 0 && Evaluator is not null)
        {
            errors.Add($"{nameof(Evaluator)} is {Evaluator.Name} but {nameof(EvaluateEvery)} is 0, so nothing would be evaluated; set {nameof(EvaluateEvery)} > 0.");
        }
    }
}
