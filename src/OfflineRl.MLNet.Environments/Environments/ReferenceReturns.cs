namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Reference returns per environment for normalized scores, 100·(R − R_random)/(R_expert − R_random).
/// </summary>
/// <remarks>
/// Measured, not assumed: each value is the mean undiscounted return over 100 seeded episodes (seeds 0–99,
/// <see cref="BehaviorRollout.Returns"/>) of <see cref="BehaviorControllers.Create(string, BehaviorLevel)"/> at
/// <see cref="BehaviorLevel.Random"/> and <see cref="BehaviorLevel.Expert"/>, with each environment's default
/// time limit, rounded, and declared in each environment's registry entry. The test <c>ReferenceReturnsTests</c>
/// re-measures them. <see cref="MeasuredEpsilonGreedy"/> records what <see cref="BehaviorLevel.EpsilonGreedy"/> measured
/// the same way (its normalized score should be about 33). The MuJoCo locomotion tasks are the exception: they carry
/// D4RL's published reference returns, so their scores sit on D4RL's scale.
/// </remarks>
public static class ReferenceReturns
{
    /// <summary>The reference returns of an environment.</summary>
    /// <param name="environmentId">An id from <see cref="EnvironmentCatalog.Ids"/>.</param>
    /// <returns>Random and expert mean returns.</returns>
    public static ReferenceReturn Get(string environmentId) => EnvironmentRegistry.Get(environmentId).Reference;

    /// <summary>The mean return <see cref="BehaviorLevel.EpsilonGreedy"/> measured (for documentation and tests).</summary>
    /// <param name="environmentId">An id from <see cref="EnvironmentCatalog.Ids"/>.</param>
    /// <returns>The ε-greedy controller's mean return.</returns>
    public static double MeasuredEpsilonGreedy(string environmentId) => EnvironmentRegistry.Get(environmentId).MeasuredEpsilonGreedy;

    /// <summary>The normalized score of a mean return: 100·(R − R_random)/(R_expert − R_random).</summary>
    /// <param name="environmentId">An id from <see cref="EnvironmentCatalog.Ids"/>.</param>
    /// <param name="averageReturn">The mean return R.</param>
    /// <returns>The normalized score (0 = random, 100 = expert).</returns>
    public static double NormalizedScore(string environmentId, double averageReturn) => Get(environmentId).Normalize(averageReturn);
}
