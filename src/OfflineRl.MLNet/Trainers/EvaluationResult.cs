namespace OfflineRl.MLNet.Trainers;

/// <summary>How a policy did over a number of seeded episodes in one environment.</summary>
/// <param name="EnvironmentId">The canonical environment id.</param>
/// <param name="Episodes">The number of episodes run.</param>
/// <param name="Seed">The evaluation seed the episode seeds were derived from.</param>
/// <param name="MeanReturn">The mean undiscounted episode return.</param>
/// <param name="StdReturn">The population standard deviation of the episode returns.</param>
/// <param name="MeanLength">The mean episode length in steps.</param>
/// <param name="NormalizedScore">100·(R − R_random)/(R_expert − R_random) with the recorded reference returns.</param>
/// <param name="SuccessRate">The fraction of episodes that reached the goal, where the environment has one (the stitching environments); otherwise <see langword="null"/>.</param>
/// <param name="Returns">Each episode's return, in order.</param>
public sealed record EvaluationResult(
    string EnvironmentId,
    int Episodes,
    int Seed,
    double MeanReturn,
    double StdReturn,
    double MeanLength,
    double NormalizedScore,
    double? SuccessRate,
    IReadOnlyList<double> Returns);
