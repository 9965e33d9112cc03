using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet.Tests.Pipeline;

public sealed class PipelineTests
{
    [Fact]
    public void Chain_fits_each_step_on_the_previous_output_and_is_inspectable()
    {
        var rl = new OfflineRlContext(seed: 1);
        var data = TestData.FromRewards([1f, 1f], [10f], [2f, 2f, 2f]);
        var pipeline = rl.Transforms.ScaleRewards(2f)
            .Append(rl.Transforms.FilterTrajectories(0.34))
            .Append(rl.Transforms.ReturnsToGo(1f));
        var model = pipeline.Fit(data);
        Assert.Equal(3, model.Transformers.Count);
        Assert.IsType<RewardScalingTransformer>(model.Transformers[0]);
        Assert.Equal(1f, model.LastTransformer.Discount);
        var filter = Assert.IsType<FilterTrajectoriesTransformer>(model.Transformers[1]);
        // After scaling, returns are 4, 20, 12: top ⌈0.34·3⌉ = 2 episodes → ids 1 and 2.
        Assert.Equal([1L, 2L], filter.KeptEpisodeIdsAtFit);
        var output = model.Transform(data);
        Assert.Equal([20f, 12f, 8f, 4f], output.GetColumn(ColumnNames.ReturnToGo).ToArray());
    }

    [Fact]
    public void Every_fitted_transformer_saves_and_loads_exactly()
    {
        var rl = new OfflineRlContext();
        var data = NpzDatasetLoader.Load(TestData.CartPole, TestData.CartPoleOptions);
        var model = rl.Transforms.NormalizeObservations()
            .Append(rl.Transforms.ScaleRewardsForLocomotion(-1f))
            .Append(rl.Transforms.TrajectoryReturns())
            .Append(rl.Transforms.FilterTrajectories(0.2))
            .Append(rl.Transforms.ReturnsToGo(0.97f))
            .Fit(data);
        var path = TestData.TempFile(".json");
        try
        {
            TransformerSerializer.Save(model.Transformers, path);
            var loaded = TransformerSerializer.Load(path);
            Assert.Equal(model.Transformers.Select(t => t.GetType()), loaded.Transformers.Select(t => t.GetType()));
            Assert.Equal(TransformerSerializer.ToJson(model.Transformers), TransformerSerializer.ToJson(loaded.Transformers));
            var a = model.Transform(data);
            var b = loaded.Transform(data);
            DatasetAssert.Equal(a, b);
            Assert.Equal(a.GetColumn(ColumnNames.ReturnToGo).ToArray(), b.GetColumn(ColumnNames.ReturnToGo).ToArray());
            Assert.Equal(a.GetColumn(ColumnNames.TrajectoryReturn).ToArray(), b.GetColumn(ColumnNames.TrajectoryReturn).ToArray());
            Assert.Equal(a.ObservationNormalization!.Mean, b.ObservationNormalization!.Mean);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_column_message_says_which_transform_to_add()
    {
        var data = TestData.FromRewards([1f]);
        var ex = Assert.Throws<KeyNotFoundException>(() => data.GetColumn(ColumnNames.ReturnToGo));
        Assert.Contains("no 'ReturnToGo' column", ex.Message, StringComparison.Ordinal);
    }
}
