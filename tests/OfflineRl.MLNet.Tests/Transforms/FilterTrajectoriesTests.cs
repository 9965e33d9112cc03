using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet.Tests.Transforms;

public sealed class FilterTrajectoriesTests
{
    private static readonly float[] TextbookReturns = [2, 5, 1, 8, 3, 7, 9, 4, 6, 10];

    private static TrajectoryDataset Textbook() => TestData.FromRewards(TextbookReturns.Select(r => new[] { r }).ToArray());

    private static double[] KeptReturns(TrajectoryDataset data) => Returns.EpisodeReturns(data);

    [Fact]
    public void Top_ten_percent_keeps_exactly_the_best_episode()
    {
        var data = Textbook();
        var kept = new MLContext().OfflineRL().Transforms.FilterTrajectories(0.1).Fit(data).Transform(data).AsDataset();
        Assert.Equal([10.0], KeptReturns(kept));
    }

    [Fact]
    public void Top_thirty_percent_keeps_eight_nine_ten_in_original_order()
    {
        var data = Textbook();
        var transformer = new MLContext().OfflineRL().Transforms.FilterTrajectories(0.3).Fit(data);
        var kept = transformer.Transform(data).AsDataset();
        Assert.Equal([8.0, 9.0, 10.0], KeptReturns(kept));
        Assert.Equal([3L, 6L, 9L], kept.EpisodeIds.ToArray());
        Assert.Equal([3L, 6L, 9L], transformer.KeptEpisodeIdsAtFit);
    }

    [Fact]
    public void Ties_are_broken_by_episode_order()
    {
        var data = TestData.FromRewards([1f], [5f], [5f], [5f], [2f]);
        var kept = Native.Transforms.FilterTopTrajectories(2).Fit(data).Transform(data).AsDataset();
        Assert.Equal([1L, 2L], kept.EpisodeIds.ToArray());
    }

    [Fact]
    public void A_cut_through_tied_returns_is_logged_with_the_rules_that_keep_the_whole_tie()
    {
        var data = TestData.FromRewards([1f], [5f], [5f], [5f], [2f]);
        var (ml, warnings) = Logged();

        var transformer = ml.OfflineRL().Transforms.FilterTopTrajectories(2).Fit(data);
        transformer.Transform(data);

        Assert.Equal([1L, 2L], transformer.KeptEpisodeIdsAtFit);
        var warning = Assert.Single(warnings);
        Assert.Contains("FilterTrajectories kept 2 of 5 episodes (top count 2), but 3 episodes tie at return 5 across the cut", warning, StringComparison.Ordinal);
        Assert.Contains("the earliest 2 of them were kept by dataset order", warning, StringComparison.Ordinal);
        Assert.Contains("FilterTrajectoriesByReturn(5), FilterTopTrajectories(3) or a top fraction of at least 0.6", warning, StringComparison.Ordinal);

        // Other data, with a tie of its own, gets its own warning.
        transformer.Transform(TestData.FromRewards([7f], [7f], [7f]));
        Assert.Contains(warnings, w => w.Contains("kept 2 of 3 episodes (top count 2), but 3 episodes tie at return 7", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cut_between_different_returns_or_around_a_whole_tie_is_not_logged()
    {
        var data = TestData.FromRewards([1f], [5f], [5f], [5f], [2f]);
        var (ml, warnings) = Logged();

        ml.OfflineRL().Transforms.FilterTopTrajectories(3).Fit(data);
        ml.OfflineRL().Transforms.FilterTopTrajectories(4).Fit(data);
        ml.OfflineRL().Transforms.FilterTrajectoriesByReturn(5).Fit(data);

        Assert.Empty(warnings);
    }

    [Fact]
    public void Filtered_behavior_cloning_logs_a_cut_through_tied_returns()
    {
        var data = TestData.FromRewards([5f], [5f], [5f]);
        var (ml, warnings) = Logged();

        ml.OfflineRL().Trainers.FilteredBehaviorCloning(new OfflineRl.MLNet.Algorithms.BehaviorCloning.FilteredBehaviorCloningOptions { TopFraction = 0.1, Steps = 1, BatchSize = 1, HiddenSizes = [2] }).Fit(data);

        Assert.Contains(warnings, w => w.Contains("kept 1 of 3 episodes (top fraction 0.1), but 3 episodes tie at return 5", StringComparison.Ordinal));
    }

    private static (MLContext Context, List<string> Warnings) Logged()
    {
        var ml = new MLContext(0);
        return (ml, LogWarnings.Capture(ml));
    }

    [Fact]
    public void Tiny_fraction_keeps_at_least_one_episode()
    {
        Assert.Equal(1, TrajectoryFilter.KeepCount(0.001, 10));
        Assert.Equal(3, TrajectoryFilter.KeepCount(0.3, 10));
        Assert.Equal(4, TrajectoryFilter.KeepCount(0.31, 10));
        Assert.Equal(10, TrajectoryFilter.KeepCount(1.0, 10));
    }

    [Fact]
    public void Min_return_keeps_every_episode_at_or_above_the_threshold()
    {
        var data = Textbook();
        var kept = new MLContext().OfflineRL().Transforms.FilterTrajectoriesByReturn(7).Fit(data).Transform(data).AsDataset();
        Assert.Equal([8.0, 7.0, 9.0, 10.0], KeptReturns(kept));
    }

    [Fact]
    public void Min_return_above_every_episode_is_an_error()
    {
        var data = Textbook();
        var ex = Assert.Throws<InvalidOperationException>(() => new MLContext().OfflineRL().Transforms.FilterTrajectoriesByReturn(11).Fit(data));
        Assert.Contains("best is 10", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Filtering_carries_derived_columns_along()
    {
        var data = Textbook();
        var withG = Native.Transforms.ReturnsToGo(1f).Fit(data).Transform(data);
        var kept = Native.Transforms.FilterTopTrajectories(2).Fit(withG).Transform(withG).AsDataset();
        Assert.Equal([9f, 10f], kept.GetColumn(ColumnNames.ReturnToGo).ToArray());
    }

    [Theory]
    [InlineData(FilterCriterion.TopFraction, 0)]
    [InlineData(FilterCriterion.TopFraction, 1.5)]
    [InlineData(FilterCriterion.TopCount, 0)]
    [InlineData(FilterCriterion.TopCount, 2.5)]
    [InlineData(FilterCriterion.MinReturn, double.NaN)]
    public void Invalid_parameters_are_refused(FilterCriterion criterion, double value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Native.Transforms.FilterTrajectories(new FilterTrajectoriesEstimator.Options { Criterion = criterion, Value = value }));
}
