using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.Cli;

/// <summary>The trainer settings the CLI reads once and applies to any algorithm's options.</summary>
public sealed record CommonSettings(
    int Steps,
    int BatchSize,
    int Threads,
    float Discount,
    IReadOnlyList<int> HiddenSizes,
    float LearningRate,
    int CheckpointEvery,
    string? CheckpointDirectory,
    string? ResumeFrom,
    string LogPath,
    IProgress<TrainingProgress> Progress)
{
    /// <summary>Environment to evaluate the current policy in during training (<c>--eval-env</c>); null for none.</summary>
    public string? EvaluationEnvironment { get; init; }

    /// <summary>Evaluate every this many steps (<c>--eval-every</c>); 0 for never.</summary>
    public int EvaluateEvery { get; init; }

    /// <summary>Episodes per evaluation (<c>--eval-episodes</c>).</summary>
    public int EvaluationEpisodes { get; init; } = EnvironmentEvaluator.DefaultEpisodes;

    /// <summary>The trainer's seed (<c>--seed</c>); null draws it from the ML.NET context.</summary>
    public int? Seed { get; init; }

    /// <summary>Normalize observations inside the policy (false with <c>--no-normalize</c>).</summary>
    public bool NormalizeObservations { get; init; } = true;

    /// <summary>Copies these settings into <paramref name="options"/> and returns it.</summary>
    public T ApplyTo<T>(T options)
        where T : TrainerOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Steps = Steps;
        options.BatchSize = BatchSize;
        options.Threads = Threads;
        options.Discount = Discount;
        options.HiddenSizes = HiddenSizes;
        options.LearningRate = LearningRate;
        options.CheckpointEvery = CheckpointEvery;
        options.CheckpointDirectory = CheckpointDirectory;
        options.ResumeFrom = ResumeFrom;
        options.LogPath = LogPath;
        options.Progress = Progress;
        options.Evaluator = EvaluationEnvironment is null ? null : new EnvironmentEvaluator(EvaluationEnvironment, EvaluationEpisodes);
        options.EvaluateEvery = EvaluateEvery;
        options.Seed = Seed;
        options.NormalizeObservations = NormalizeObservations;
        return options;
    }
}
