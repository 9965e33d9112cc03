using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// Aggregate statistics of benchmark scores that hold up with few runs (Agarwal, Schwarzer, Castro, Courville &amp; Bellemare
/// 2021, "Deep reinforcement learning at the edge of the statistical precipice", NeurIPS, arXiv:2108.13264), in the paper's
/// order. Scores come as <c>scores[task][run]</c> (normalized scores, one per run of a task; tasks may have different run
/// counts).
/// <list type="number">
/// <item>Stratified bootstrap (§4.1): a resample draws each task's runs with replacement from that task's runs only; an
/// interval is the percentile interval of the statistic over the resamples.</item>
/// <item>Performance profile (§4.2): the run-score distribution F(τ) = (1/M)·Σ_m (1/N_m)·#{runs of task m with score &gt; τ}.</item>
/// <item>Interquartile mean (§4.3): the mean of all runs' scores pooled after discarding the lowest and highest
/// ⌊n/4⌋ of the n scores (scipy's <c>trim_mean(x, 0.25)</c>, which the paper's rliable library calls).</item>
/// <item>Probability of improvement (§A.2): P(X &gt; Y) = (1/M)·Σ_m (1/(N_m·K_m))·Σ_i Σ_j S(x_{m,i}, y_{m,j}), S = 1 when
/// x &gt; y, ½ when equal, 0 otherwise.</item>
/// </list>
/// </summary>
public static class ScoreStatistics
{
    /// <summary>Default bootstrap resamples of the stratified intervals (2,000).</summary>
    public const int DefaultResamples = 2_000;

    /// <summary>Default confidence level (0.95).</summary>
    public const double DefaultConfidenceLevel = 0.95;

    /// <summary>The interquartile mean of <paramref name="values"/>: the mean after dropping ⌊n/4⌋ from each end.</summary>
    public static double InterquartileMean(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("The interquartile mean of no scores is undefined.", nameof(values));
        }

        var sorted = values.Order().ToArray();
        var cut = sorted.Length / 4;
        double sum = 0;
        for (var i = cut; i < sorted.Length - cut; i++)
        {
            sum += sorted[i];
        }

        return sum / (sorted.Length - (2 * cut));
    }

    /// <summary>The interquartile mean of every run of every task, with its stratified-bootstrap percentile interval.</summary>
    /// <param name="scores">scores[task][run].</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    /// <param name="confidenceLevel">Level of the interval, in (0, 1).</param>
    /// <param name="seed">Seeds the resampling.</param>
    public static ScoreInterval InterquartileMean(IReadOnlyList<IReadOnlyList<double>> scores, int resamples = DefaultResamples, double confidenceLevel = DefaultConfidenceLevel, int seed = 0)
    {
        Check(scores, nameof(scores));
        return Stratified([scores], s => InterquartileMean([.. s[0].SelectMany(t => t)]), resamples, confidenceLevel, seed);
    }

    /// <summary>
    /// The probability that a run of algorithm X scores above a run of algorithm Y on a task drawn uniformly (ties count
    /// one half), with its stratified-bootstrap interval (each algorithm's runs resampled within each task).
    /// </summary>
    /// <param name="x">X's scores[task][run].</param>
    /// <param name="y">Y's scores[task][run], the same tasks in the same order.</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    /// <param name="confidenceLevel">Level of the interval, in (0, 1).</param>
    /// <param name="seed">Seeds the resampling.</param>
    public static ScoreInterval ProbabilityOfImprovement(
        IReadOnlyList<IReadOnlyList<double>> x, IReadOnlyList<IReadOnlyList<double>> y, int resamples = DefaultResamples, double confidenceLevel = DefaultConfidenceLevel, int seed = 0)
    {
        Check(x, nameof(x));
        Check(y, nameof(y));
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"X has {x.Count} tasks and Y {y.Count}; give both the same tasks.");
        }

        return Stratified([x, y], s => Improvement(s[0], s[1]), resamples, confidenceLevel, seed);
    }

    /// <summary>The performance profile: at each threshold τ, the fraction of runs scoring above τ, averaged over tasks.</summary>
    /// <param name="scores">scores[task][run].</param>
    /// <param name="thresholds">The τ to evaluate at.</param>
    public static IReadOnlyList<double> PerformanceProfile(IReadOnlyList<IReadOnlyList<double>> scores, IReadOnlyList<double> thresholds)
    {
        Check(scores, nameof(scores));
        ArgumentNullException.ThrowIfNull(thresholds);
        return [.. thresholds.Select(tau => scores.Average(task => task.Count(s => s > tau) / (double)task.Count))];
    }

    private static double Improvement(double[][] x, double[][] y)
    {
        double total = 0;
        for (var m = 0; m < x.Length; m++)
        {
            double wins = 0;
            foreach (var a in x[m])
            {
                foreach (var b in y[m])
                {
                    wins += a > b ? 1 : a == b ? 0.5 : 0;
                }
            }

            total += wins / (x[m].Length * y[m].Length);
        }

        return total / x.Length;
    }

    /// <summary>The statistic on the data and its percentile interval over stratified resamples of every score set.</summary>
    private static ScoreInterval Stratified(IReadOnlyList<IReadOnlyList<double>>[] sets, Func<double[][][], double> statistic, int resamples, double confidenceLevel, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 2);
        if (!(confidenceLevel is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidenceLevel), confidenceLevel, "The confidence level must be in (0, 1).");
        }

        // sets[k][m][i]: score set k (an algorithm), task m, run i.
        var original = sets.Select(set => set.Select(task => task.ToArray()).ToArray()).ToArray();
        var drawn = original.Select(set => set.Select(task => new double[task.Length]).ToArray()).ToArray();
        var random = new NnRandom((ulong)seed);
        var replicates = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            for (var k = 0; k < original.Length; k++)
            {
                for (var m = 0; m < original[k].Length; m++)
                {
                    var task = original[k][m];
                    for (var i = 0; i < task.Length; i++)
                    {
                        drawn[k][m][i] = task[random.NextInt(task.Length)];
                    }
                }
            }

            replicates[b] = statistic(drawn);
        }

        Array.Sort(replicates);
        var (lower, upper) = Bootstrap.Percentile(replicates, confidenceLevel);
        return new ScoreInterval { Value = statistic(original), Lower = lower, Upper = upper };
    }

    private static void Check(IReadOnlyList<IReadOnlyList<double>> scores, string name)
    {
        ArgumentNullException.ThrowIfNull(scores, name);
        if (scores.Count == 0 || scores.Any(t => t is null || t.Count == 0))
        {
            throw new ArgumentException("Give at least one task, each with at least one run's score.", name);
        }
    }
}
