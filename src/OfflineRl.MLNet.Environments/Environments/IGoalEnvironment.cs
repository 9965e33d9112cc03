namespace OfflineRl.MLNet.Environments;

/// <summary>
/// An environment with a goal whose episodes can also end elsewhere (a trap, a safe exit): success is having reached the
/// goal, not merely having terminated. <see cref="Evaluation.PolicyEvaluator"/> asks it; environments without it count
/// a terminal step as success.
/// </summary>
public interface IGoalEnvironment : IEnvironment
{
    /// <summary>True when the current episode has reached the goal.</summary>
    bool ReachedGoal { get; }
}
