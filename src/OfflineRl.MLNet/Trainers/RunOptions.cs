namespace OfflineRl.MLNet.Trainers;

/// <summary>
/// How a training run is carried out, apart from what it learns: threads, checkpoints and resuming, progress, the CSV log
/// and evaluation during training. None of these changes the trained weights (the same seed and thread count give
/// bit-identical weights; an evaluator uses its own random stream).
/// </summary>
public sealed class RunOptions : OptionsGroup
{
    /// <summary>Default progress interval in steps.</summary>
    public const int DefaultReportEvery = 100;

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

    /// <summary>Receives progress every <see cref="ReportEvery"/> steps (it also reaches <c>mlContext.Log</c>).</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Progress interval in steps.</summary>
    public int ReportEvery { get; set; } = DefaultReportEvery;

    /// <summary>Append each progress report to this CSV file (step, losses, learning rates, steps/s).</summary>
    public string? LogPath { get; set; }

    /// <summary>
    /// Scores the current policy every <see cref="EvaluateEvery"/> steps (e.g. <c>new EnvironmentEvaluator("CartPole-v1")</c>
    /// from OfflineRl.MLNet.Environments); null (the default) evaluates nothing. The result is reported in
    /// <see cref="TrainingProgress.Evaluation"/> and its mean return and normalized score are written into the CSV log.
    /// </summary>
    public IPolicyEvaluator? Evaluator { get; set; }

    /// <summary>Run <see cref="Evaluator"/> every this many steps (0: never, the default).</summary>
    public int EvaluateEvery { get; set; }

    private protected override void AddErrors(List<string> errors, string owner)
    {
        var prefix = owner + ".";
        if (Threads < 1)
        {
            errors.Add($"{prefix}{nameof(Threads)} must be ≥ 1 (got {Threads}).");
        }

        if (CheckpointEvery < 0)
        {
            errors.Add($"{prefix}{nameof(CheckpointEvery)} must be ≥ 0 (got {CheckpointEvery}).");
        }
        else if (CheckpointEvery > 0 && string.IsNullOrWhiteSpace(CheckpointDirectory))
        {
            errors.Add($"{prefix}{nameof(CheckpointDirectory)} is required when {nameof(CheckpointEvery)} > 0.");
        }

        if (ReportEvery < 1)
        {
            errors.Add($"{prefix}{nameof(ReportEvery)} must be ≥ 1 (got {ReportEvery}).");
        }

        if (EvaluateEvery < 0)
        {
            errors.Add($"{prefix}{nameof(EvaluateEvery)} must be ≥ 0 (got {EvaluateEvery}).");
        }
        else if (EvaluateEvery > 0 && Evaluator is null)
        {
            errors.Add($"{prefix}{nameof(Evaluator)} is required when {nameof(EvaluateEvery)} > 0.");
        }
        else if (EvaluateEvery == 0 && Evaluator is not null)
        {
            errors.Add($"{prefix}{nameof(Evaluator)} is {Evaluator.Name} but {nameof(EvaluateEvery)} is 0, so nothing would be evaluated; set {nameof(EvaluateEvery)} > 0.");
        }
    }
}
