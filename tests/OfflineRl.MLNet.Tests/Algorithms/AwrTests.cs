using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Algorithms;

public sealed class AwrTests
{
    [Fact]
    public void Advantage_weights_write_return_advantage_and_clipped_weight_columns()
    {
        var data = BanditData.Discrete();
        var options = new AwrOptions { ValueSteps = 300, BatchSize = 64, HiddenSizes = [16], LearningRate = 3e-3f, Weighting = { InverseTemperature = 2f, MaxWeight = 2f }, Seed = 2, NormalizeObservations = false };
        var transformer = new MLContext(0).OfflineRL().Transforms.AdvantageWeights(options).Fit(data);
        var result = transformer.Transform(data).AsDataset();
        var g = result.GetColumn(ColumnNames.ReturnToGo);
        var a = result.GetColumn(ColumnNames.Advantage);
        var w = result.GetColumn(ColumnNames.Weight);
        var v = transformer.Value.Evaluate([1f], 1)[0];
        Assert.InRange(v, 0.4f, 0.6f);
        for (var i = 0; i < data.Count; i++)
        {
            Assert.Equal(g[i] - v, a[i], 1e-5f);
            Assert.Equal(MathF.Min(MathF.Exp(2f * a[i]), 2f), w[i], 1e-5f);
        }
    }

    [Fact]
    public void Options_validation_lists_every_failure()
    {
        var options = new AwrOptions { BatchSize = 0, Weighting = { InverseTemperature = float.NaN, MaxWeight = -1f }, ValueSteps = -1 };
        var ex = Assert.Throws<InvalidOptionsException>(() => Native.Awr(options));
        foreach (var name in new[] { "BatchSize", "Weighting.InverseTemperature", "Weighting.MaxWeight", "ValueSteps" })
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }
    }
}
