using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Trainers;

/// <summary>
/// Scores the policy being trained every <see cref="RunOptions.EvaluateEvery"/> steps, e.g. by episodes in
/// a simulator (<c>EnvironmentEvaluator</c> in OfflineRl.MLNet.Environments). An evaluator must not change the policy nor
/// draw from the training's random streams, so training with or without it gives the same weights.
/// </summary>
public interface IPolicyEvaluator
{
    /// <summary>What is evaluated, for messages (e.g. the environment id).</summary>
    string Name { get; }

    /// <summary>Checks, before training starts, that the evaluator can run <paramref name="policy"/>.</summary>
    /// <exception cref="ArgumentException">When it cannot; the message lists every mismatch.</exception>
    void Validate(IPolicy policy);

    /// <summary>Runs the evaluation with the policy's current parameters.</summary>
    EvaluationResult Evaluate(IPolicy policy);
}
