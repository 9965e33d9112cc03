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
