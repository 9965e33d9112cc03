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

    /// <summary>
    /// The losses on the held-out episodes (<see cref="TrainerOptions.ValidationFraction"/>) with the current weights, by
    /// name: <c>policy</c> (the policy's negative log-likelihood of the held-out actions, or its squared action error for a
    /// deterministic policy) and, for algorithms with a critic, <c>td</c> (the mean squared TD error); empty when nothing
    /// is held out.
    /// </summary>
    public IReadOnlyDictionary<string, double> ValidationLosses { get; init; } = new Dictionary<string, double>();
}
