using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet.Tests.Pipeline;

public sealed class PipelineTests
{
    [Fact]
    public void Chain_fits_each_step_on_the_previous_output_and_is_inspectable()
    {
        var rl = new MLContext(1).OfflineRL();
        var data = TestData.FromRewards([1f, 1f], [10f], [2f, 2f, 2f]);
        var pipeline = rl.Transforms.ScaleRewards(2f)
            .Append(rl.Transforms.FilterTrajectories(0.34))
            .Append(rl.Transforms.ReturnsToGo(1f));
        var model = pipeline.Fit(data);
        Assert.Equal(3, model.Count());
        Assert.IsType<RewardScalingTransformer>(model.ElementAt(0));
        Assert.Equal(1f, model.LastTransformer.Discount);
        var filter = Assert.IsType<FilterTrajectoriesTransformer>(model.ElementAt(1));
        // After scaling, returns are 4, 20, 12: top ⌈0.34·3⌉ = 2 episodes → ids 1 and 2.
        Assert.Equal([1L, 2L], filter.KeptEpisodeIdsAtFit);
        var output = model.Transform(data).AsDataset();
        Assert.Equal([20f, 12f, 8f, 4f], output.GetColumn(ColumnNames.ReturnToGo).ToArray());
    }

    [Fact]
    public void Saving_a_training_time_step_says_what_to_save_instead()
    {
        var ml = new MLContext(0);
        var data = TestData.FromRewards([1f, 1f], [10f]);
        var model = ml.OfflineRL().Transforms.ReturnsToGo(0.9f).Fit(data);
        var path = TestData.TempFile(".zip");
        try
        {
            var ex = Assert.Throws<NotSupportedException>(() => ml.Model.Save(model, data.Schema, path));
            Assert.Contains("TransformerScope.Training", ex.Message, StringComparison.Ordinal);
            Assert.Contains("GetModelFor(TransformerScope.Scoring)", ex.Message, StringComparison.Ordinal);
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
