namespace OfflineRl.MLNet.Trainers;

/// <summary>One progress report of a trainer: where it is, each loss, learning rates, speed and any evaluation at this step.</summary>
/// <param name="Step">Gradient steps done.</param>
/// <param name="TotalSteps">Gradient steps planned.</param>
/// <param name="Losses">Each loss by name (mean over the steps since the previous report).</param>
/// <param name="LearningRates">Current learning rate of each optimizer by name.</param>
/// <param name="StepsPerSecond">Training speed since the previous report (time spent evaluating excluded).</param>
public sealed record TrainingProgress(
    int Step,
    int TotalSteps,
    IReadOnlyDictionary<string, double> Losses,
    IReadOnlyDictionary<string, double> LearningRates,
    double StepsPerSecond)
{
    /// <summary>
    /// The evaluation of the current policy run at this step (<see cref="RunOptions.EvaluateEvery"/>), or
    /// <see langword="null"/> when none ran here.
    /// </summary>
    public EvaluationResult? Evaluation { get; init; }
}
