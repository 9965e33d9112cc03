using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>One algorithm's stitching result over several seeds.</summary>
/// <param name="Algorithm">The algorithm name.</param>
/// <param name="EnvironmentId">The stitching environment.</param>
/// <param name="PerSeed">The evaluation of each seed's policy, in seed order.</param>
public sealed record StitchBenchmarkRow(string Algorithm, string EnvironmentId, IReadOnlyList<EvaluationResult> PerSeed)
{
    /// <summary>The mean success rate over seeds (0 to 1).</summary>
    public double MeanSuccess => PerSeed.Average(r => r.SuccessRate ?? 0);

    /// <summary>The population standard deviation of the success rate over seeds.</summary>
    public double StdSuccess
    {
        get
        {
            var mean = MeanSuccess;
            return Math.Sqrt(PerSeed.Average(r => Math.Pow((r.SuccessRate ?? 0) - mean, 2)));
        }
    }

    /// <summary>The mean normalized score over seeds.</summary>
    public double MeanNormalizedScore => PerSeed.Average(r => r.NormalizedScore);
}
