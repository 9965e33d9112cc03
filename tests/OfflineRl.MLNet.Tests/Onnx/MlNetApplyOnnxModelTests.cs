using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Onnx;

/// <summary>
/// An exported policy scored by ML.NET's own <c>ApplyOnnxModel</c> (OnnxTransformer over ONNX Runtime) agrees with the
/// C# policy (docs/onnx.md), and its <c>PredictedAction</c> output leaves the data's logged <c>Action</c> column alone.
/// </summary>
public sealed class MlNetApplyOnnxModelTests
{
    private const int Rows = 32;

    [Fact]
    public void Discrete_policy_scores_identically_through_apply_onnx_model()
    {
        PolicyModel model = ExportFixtures.Train(discrete: true, normalize: true);
        float[] obs = ExportFixtures.Observations(ExportFixtures.CartPole, Rows);
        var expected = new float[Rows];
        model.Policy.Act(obs, Rows, expected);
        using var dir = new TempDirectory();
        string path = dir.File("cartpole.onnx");
        PolicyOnnxExporter.Export(model, path);

        var ml = new MLContext(seed: 0);
        var rows = Enumerable.Range(0, Rows).Select(r => new CartPoleRow { Observation = obs.AsSpan(r * 4, 4).ToArray(), Action = 1 - expected[r] }).ToList();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        using OnnxTransformer onnx = Fit(ml, data, path, 4);
        IDataView scored = onnx.Transform(data);

        var type = Assert.IsType<VectorDataViewType>(scored.Schema[OnnxExportNames.PredictedAction].Type);
        Assert.Equal(NumberDataViewType.Int64, type.ItemType);
        Assert.Equal(1, type.Size);
        long[] actions = scored.GetColumn<VBuffer<long>>(OnnxExportNames.PredictedAction).Select(v => Assert.Single(v.DenseValues())).ToArray();
        Assert.Equal(expected.Select(a => (long)a), actions);
        // The logged column keeps its values: had the output been named Action, it would have hidden this one.
        Assert.Equal(rows.Select(r => r.Action), scored.GetColumn<float>("Action"));
    }

    [Fact]
    public void Continuous_policy_scores_within_1e5_through_apply_onnx_model()
    {
        PolicyModel model = ExportFixtures.Train(discrete: false, normalize: true);
        int act = model.Policy.ActionDimension;
        float[] obs = ExportFixtures.Observations(ExportFixtures.Pendulum, Rows);
        var expected = new float[Rows * act];
        model.Policy.Act(obs, Rows, expected);
        using var dir = new TempDirectory();
        string path = dir.File("pendulum.onnx");
        PolicyOnnxExporter.Export(model, path);

        var ml = new MLContext(seed: 0);
        var rows = Enumerable.Range(0, Rows).Select(r => new PendulumRow { Observation = obs.AsSpan(r * 3, 3).ToArray(), Action = [0.5f] }).ToList();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        using OnnxTransformer onnx = Fit(ml, data, path, 3);
        IDataView scored = onnx.Transform(data);

        var type = Assert.IsType<VectorDataViewType>(scored.Schema[OnnxExportNames.PredictedAction].Type);
        Assert.Equal(NumberDataViewType.Single, type.ItemType);
        Assert.Equal(act, type.Size);
        float[] actions = scored.GetColumn<VBuffer<float>>(OnnxExportNames.PredictedAction).SelectMany(v => v.DenseValues()).ToArray();
        Assert.Equal(expected.Length, actions.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actions[i]) <= 1e-5f, $"[{i}] C# {expected[i]} vs ML.NET {actions[i]}");
        }

        Assert.All(scored.GetColumn<VBuffer<float>>("Action"), v => Assert.Equal([0.5f], v.DenseValues()));
    }

    private static OnnxTransformer Fit(MLContext ml, IDataView data, string modelFile, int obsDim) =>
        ml.Transforms.ApplyOnnxModel(
                outputColumnNames: [OnnxExportNames.PredictedAction],
                inputColumnNames: [OnnxExportNames.Observation],
                modelFile: modelFile,
                shapeDictionary: new Dictionary<string, int[]> { [OnnxExportNames.Observation] = [1, obsDim] },
                gpuDeviceId: null,
                fallbackToCpu: false)
            .Fit(data);

    private sealed class CartPoleRow
    {
        [VectorType(4)]
        public float[] Observation { get; set; } = [];

        public float Action { get; set; }
    }

    private sealed class PendulumRow
    {
        [VectorType(3)]
        public float[] Observation { get; set; } = [];

        [VectorType(1)]
        public float[] Action { get; set; } = [];
    }
}
