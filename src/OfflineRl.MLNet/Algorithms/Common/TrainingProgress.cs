namespace OfflineRl.MLNet.Algorithms.Common;

/// <summary>One progress report of a trainer: where it is, each loss, learning rates and speed.</summary>
/// <param name="Step">Gradient steps done.</param>
/// <param name="TotalSteps">Gradient steps planned.</param>
/// <param name="Losses">Each loss by name (mean over the steps since the previous report).</param>
/// <param name="LearningRates">Current learning rate of each optimizer by name.</param>
/// <param name="StepsPerSecond">Training speed since the previous report.</param>
public sealed record TrainingProgress(
    int Step,
    int TotalSteps,
    IReadOnlyDictionary<string, double> Losses,
    IReadOnlyDictionary<string, double> LearningRates,
    double StepsPerSecond);
