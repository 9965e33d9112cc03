using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>The results of one algorithm on one dataset over several seeds.</summary>
/// <param name="Algorithm">The algorithm's name.</param>
/// <param name="Dataset">The dataset's name (see <see cref="BenchmarkDataset.Name"/>).</param>
/// <param name="PerSeed">One evaluation per seed.</param>
/// <param name="TrainSeconds">Total training time over the seeds, in seconds.</param>
public sealed record BenchmarkCell(string Algorithm, string Dataset, IReadOnlyList<EvaluationResult> PerSeed, double TrainSeconds = 0)
{
    /// <summary>Mean normalized score over seeds.</summary>
    public double MeanScore => PerSeed.Count == 0 ? double.NaN : PerSeed.Average(r => r.NormalizedScore);

    /// <summary>Population standard deviation of the normalized score over seeds.</summary>
    public double StdScore => Std(PerSeed.Select(r => r.NormalizedScore).ToArray());

    /// <summary>Mean return over seeds.</summary>
    public double MeanReturn => PerSeed.Count == 0 ? double.NaN : PerSeed.Average(r => r.MeanReturn);

    /// <summary>Whether the environment has a goal (success rates are reported).</summary>
    public bool HasSuccess => PerSeed.Count > 0 && PerSeed.All(r => r.SuccessRate.HasValue);

    /// <summary>Mean success rate over seeds (0–1), or <see langword="null"/> without a goal.</summary>
    public double? MeanSuccess => HasSuccess ? PerSeed.Average(r => r.SuccessRate!.Value) : null;

    /// <summary>Population standard deviation of the success rate over seeds, or <see langword="null"/> without a goal.</summary>
    public double? StdSuccess => HasSuccess ? Std(PerSeed.Select(r => r.SuccessRate!.Value).ToArray()) : null;

    /// <summary>The headline number: success in percent where there is a goal, otherwise the normalized score.</summary>
    public double Headline => MeanSuccess is { } s ? 100 * s : MeanScore;

    /// <summary>The spread of <see cref="Headline"/> over seeds.</summary>
    public double HeadlineStd => StdSuccess is { } s ? 100 * s : StdScore;

    /// <summary>The headline of each seed, in seed order: success in percent where there is a goal, otherwise the normalized score.</summary>
    public IReadOnlyList<double> HeadlineScores => [.. PerSeed.Select(r => HasSuccess ? 100 * r.SuccessRate!.Value : r.NormalizedScore)];

    /// <summary>
    /// The standard error of <see cref="Headline"/> over seeds: the sample standard deviation (n − 1) of
    /// <see cref="HeadlineScores"/> over √n. NaN with fewer than two seeds.
    /// </summary>
    public double StandardError
    {
        get
        {
            var values = HeadlineScores;
            if (values.Count < 2)
            {
                return double.NaN;
            }

            var mean = values.Average();
            return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) / values.Count);
        }
    }

    /// <summary>
    /// The standard error of <see cref="Headline"/> that the evaluation episodes alone leave (the same policies, other start
    /// states): each seed's sample standard deviation of its episodes' headline over √episodes, combined as
    /// √(Σ SE²)/seeds. NaN when a seed has fewer than two episodes or its episode spread is unknown (results read from a
    /// per-seed CSV without it), or, without a goal, the environment has no reference returns.
    /// </summary>
    public double EvaluationStandardError
    {
        get
        {
            if (PerSeed.Count == 0)
            {
                return double.NaN;
            }

            double sum = 0;
            foreach (var r in PerSeed)
            {
                sum += Math.Pow(EpisodeStandardError(r, HasSuccess), 2);
            }

            return Math.Sqrt(sum) / PerSeed.Count;
        }
    }

    /// <summary>
    /// The interquartile mean of <see cref="HeadlineScores"/> with its 95 % percentile-bootstrap interval over seeds
    /// (<see cref="ScoreStatistics.InterquartileMean(IReadOnlyList{IReadOnlyList{double}}, int, double, int)"/> on one task).
    /// </summary>
    /// <param name="resamples">Bootstrap resamples.</param>
    /// <param name="seed">Seeds the resampling, so the same results give the same interval.</param>
    public ScoreInterval InterquartileMean(int resamples = ScoreStatistics.DefaultResamples, int seed = 0) =>
        ScoreStatistics.InterquartileMean([HeadlineScores], resamples, ScoreStatistics.DefaultConfidenceLevel, seed);

    // The sample standard deviation of one seed's per-episode headline is its population one (StdReturn, or √(p(1 − p))
    // for a success rate) times √(n/(n − 1)); over √n that is the population one over √(n − 1).
    private static double EpisodeStandardError(EvaluationResult r, bool success)
    {
        if (r.Episodes < 2)
        {
            return double.NaN;
        }

        double spread;
        if (success)
        {
            var p = r.SuccessRate!.Value;
            spread = 100 * Math.Sqrt(p * (1 - p));
        }
        else if (EnvironmentCatalog.Contains(r.EnvironmentId))
        {
            var reference = ReferenceReturns.Get(r.EnvironmentId);
            spread = r.StdReturn * 100 / Math.Abs(reference.Expert - reference.Random);
        }
        else
        {
            return double.NaN;
        }

        return spread / Math.Sqrt(r.Episodes - 1);
    }

    private static double Std(double[] values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}
