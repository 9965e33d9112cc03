namespace OfflineRl.MLNet.Environments;

/// <summary>
/// Reference returns per environment for normalized scores, 100·(R − R_random)/(R_expert − R_random).
/// </summary>
/// <remarks>
/// Measured, not assumed: each value is the mean undiscounted return over 100 seeded episodes (seeds 0–99,
/// <see cref="BehaviorRollout.Returns"/>) of <see cref="BehaviorControllers.Create(string, BehaviorLevel)"/> at
/// <see cref="BehaviorLevel.Random"/> and <see cref="BehaviorLevel.Expert"/>, with each environment's default
/// time limit. The test <c>ReferenceReturnsTests</c> re-measures them. The third column records what
/// <see cref="BehaviorLevel.EpsilonGreedy"/> measured the same way (its normalized score should be about 33).
/// </remarks>
public static class ReferenceReturns
{
    // Mean over 100 seeded episodes (seeds 0-99) per controller level, default time limits, rounded.
    // ε-greedy normalized scores as measured: CartPole 31.6, Acrobot 31.3, MountainCar 33.4,
    // MountainCarContinuous 31.1, Pendulum 32.6, StitchGrid 33.0, StitchPointMaze 33.0, StitchFork 31.9, StitchForkPoint 32.6.
    // The stitching expert is the planner heading for the goal (success = return 1); the random walk never
    // reached the goal within the short horizon in those 100 episodes.
    private static readonly Dictionary<string, (ReferenceReturn Reference, double EpsilonGreedy)> Table = new()
    {
        [EnvironmentCatalog.CartPole] = (new ReferenceReturn(Random: 22.74, Expert: 500.0), EpsilonGreedy: 173.62),
        [EnvironmentCatalog.Acrobot] = (new ReferenceReturn(Random: -496.39, Expert: -83.90), EpsilonGreedy: -367.15),
        [EnvironmentCatalog.MountainCar] = (new ReferenceReturn(Random: -200.0, Expert: -109.64), EpsilonGreedy: -169.79),
        [EnvironmentCatalog.MountainCarContinuous] = (new ReferenceReturn(Random: -32.277, Expert: 90.714), EpsilonGreedy: 6.005),
        [EnvironmentCatalog.Pendulum] = (new ReferenceReturn(Random: -1209.189, Expert: -151.264), EpsilonGreedy: -864.766),
        [EnvironmentCatalog.StitchGrid] = (new ReferenceReturn(Random: 0.0, Expert: 1.0), EpsilonGreedy: 0.33),
        [EnvironmentCatalog.StitchPointMaze] = (new ReferenceReturn(Random: 0.0, Expert: 1.0), EpsilonGreedy: 0.33),
        // The fork tasks' expert follows start → junction → goal.
        [EnvironmentCatalog.StitchFork] = (new ReferenceReturn(Random: 0.1455, Expert: 1.0), EpsilonGreedy: 0.4185),
        [EnvironmentCatalog.StitchForkPoint] = (new ReferenceReturn(Random: 0.184, Expert: 1.0), EpsilonGreedy: 0.44975),
    };

    /// <summary>The reference returns of an environment.</summary>
    /// <param name="environmentId">An id from <see cref="EnvironmentCatalog.Ids"/>.</param>
    /// <returns>Random and expert mean returns.</returns>
    public static ReferenceReturn Get(string environmentId) => Table[EnvironmentCatalog.Canonical(environmentId)].Reference;

    /// <summary>The mean return <see cref="BehaviorLevel.EpsilonGreedy"/> measured (for documentation and tests).</summary>
    /// <param name="environmentId">An id from <see cref="EnvironmentCatalog.Ids"/>.</param>
    /// <returns>The ε-greedy controller's mean return.</returns>
    public static double MeasuredEpsilonGreedy(string environmentId) => Table[EnvironmentCatalog.Canonical(environmentId)].EpsilonGreedy;

    /// <summary>The normalized score of a mean return: 100·(R − R_random)/(R_expert − R_random).</summary>
    /// <param name="environmentId">An id from <see cref="EnvironmentCatalog.Ids"/>.</param>
    /// <param name="averageReturn">The mean return R.</param>
    /// <returns>The normalized score (0 = random, 100 = expert).</returns>
    public static double NormalizedScore(string environmentId, double averageReturn) => Get(environmentId).Normalize(averageReturn);
}
