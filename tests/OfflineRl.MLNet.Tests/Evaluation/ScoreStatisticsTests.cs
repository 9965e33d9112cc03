using OfflineRl.MLNet.Evaluation;

namespace OfflineRl.MLNet.Tests.Evaluation;

public sealed class ScoreStatisticsTests
{
    [Fact]
    public void Interquartile_mean_drops_a_quarter_from_each_end()
    {
        Assert.Equal(4.5, ScoreStatistics.InterquartileMean([1.0, 2, 3, 4, 5, 6, 7, 8]), 12);      // mean of 3, 4, 5, 6
        Assert.Equal(5.5, ScoreStatistics.InterquartileMean([10.0, 9, 8, 7, 6, 5, 4, 3, 2, 1]), 12); // ⌊10/4⌋ = 2 cut: mean of 3..8
        Assert.Equal(2.5, ScoreStatistics.InterquartileMean([1.0, 100, 2, 3]), 12);                  // an outlier does not move it
        Assert.Equal(5, ScoreStatistics.InterquartileMean([5.0]), 12);
    }

    [Fact]
    public void Stratified_bootstrap_resamples_runs_only_within_their_task()
    {
        // One run per task: every stratified resample is the data itself, so the interval is the point (an unstratified
        // bootstrap over the pooled four scores would vary).
        var interval = ScoreStatistics.InterquartileMean([[1.0], [2.0], [3.0], [4.0]], resamples: 200);
        Assert.Equal(2.5, interval.Value, 12);
        Assert.Equal(2.5, interval.Lower, 12);
        Assert.Equal(2.5, interval.Upper, 12);

        var spread = ScoreStatistics.InterquartileMean([[0.0, 10, 20, 30], [40.0, 50, 60, 70]], resamples: 500, seed: 1);
        Assert.Equal(35, spread.Value, 12);                                                            // mean of 20..50
        Assert.InRange(spread.Value, spread.Lower, spread.Upper);
        Assert.True(spread.Lower > 0 && spread.Upper < 70 && spread.Upper > spread.Lower);
    }

    [Fact]
    public void Probability_of_improvement_averages_pairwise_wins_over_tasks()
    {
        // Task 0: (3 > 1) + (3 < 5) + (4 > 1) + (4 < 5) = 2 of 4; task 1: 1 > 0. Mean (0.5 + 1)/2 = 0.75.
        Assert.Equal(0.75, ScoreStatistics.ProbabilityOfImprovement([[3.0, 4], [1.0]], [[1.0, 5], [0.0]], resamples: 100).Value, 12);
        // Ties count one half.
        Assert.Equal(0.5, ScoreStatistics.ProbabilityOfImprovement([[2.0]], [[2.0]], resamples: 10).Value, 12);
        Assert.Throws<ArgumentException>(() => ScoreStatistics.ProbabilityOfImprovement([[1.0]], [[1.0], [2.0]]));
    }

    [Fact]
    public void Performance_profile_is_the_fraction_of_runs_above_each_threshold_averaged_over_tasks()
    {
        var profile = ScoreStatistics.PerformanceProfile([[0.0, 50, 100], [20.0, 80]], [10.0, 60, 100]);
        Assert.Equal(((2.0 / 3) + 1) / 2, profile[0], 12);
        Assert.Equal(((1.0 / 3) + 0.5) / 2, profile[1], 12);
        Assert.Equal(0, profile[2], 12);                                                               // strictly above
    }
}
