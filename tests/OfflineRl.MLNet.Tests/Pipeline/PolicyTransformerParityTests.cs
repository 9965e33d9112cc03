using Microsoft.ML;
using Microsoft.ML.Data;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Tests.Pipeline;

/// <summary>
/// For every trainer, discrete and continuous: the native policy, <c>PredictionEngine</c> over the fitted transformer,
/// ML.NET's <c>ApplyOnnxModel</c> on the exported file, and the model zip loaded back agree within 1e-5 on logged observations.
/// </summary>
public sealed class PolicyTransformerParityTests
{
    private const int Rows = 64;

    public static TheoryData<string, bool> Trainers() => MlNetWorkoutTests.Trainers();

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Native_prediction_engine_onnx_and_reloaded_zip_agree(string name, bool discrete)
    {
        var ml = new MLContext(0);
        var data = WorkoutCases.Data(discrete);
        var policy = WorkoutCases.Trainer(ml, name).Fit(data);
        var d = data.ObservationDimension;
        var observations = Enumerable.Range(0, Rows).Select(r => new ObservationRow { Observation = data.GetObservation(r * 7).ToArray() }).ToArray();
        var native = observations.Select(o => Native(policy.Policy, o.Observation)).ToArray();

        // PredictionEngine over the fitted transformer.
        var schema = SchemaDefinition.Create(typeof(ObservationRow));
        schema[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d);
        var input = ml.Data.LoadFromEnumerable(observations, schema);
        if (discrete)
        {
            var engine = ml.Model.CreatePredictionEngine<ObservationRow, DiscreteActionRow>(policy, inputSchemaDefinition: schema);
            AssertClose(native, observations.Select(o => engine.Predict(o).PredictedAction.Select(a => (float)a).ToArray()).ToArray());
        }
        else
        {
            var engine = ml.Model.CreatePredictionEngine<ObservationRow, ActionRow>(policy, inputSchemaDefinition: schema);
            AssertClose(native, observations.Select(o => engine.Predict(o).PredictedAction).ToArray());
        }

        // Transform over an IDataView, ApplyOnnxModel on the exported file, and the saved zip loaded back.
        AssertClose(native, Actions(policy.Transform(input)));
        var dir = Directory.CreateTempSubdirectory("offlinerl-parity-");
        try
        {
            var onnxPath = Path.Combine(dir.FullName, "policy.onnx");
            File.WriteAllBytes(onnxPath, policy.ToOnnx());
            var onnx = ml.Transforms.ApplyOnnxModel([OnnxExportNames.PredictedAction], [OnnxExportNames.Observation], onnxPath,
                new Dictionary<string, int[]> { [OnnxExportNames.Observation] = [1, d] }, gpuDeviceId: null, fallbackToCpu: false).Fit(input);
            AssertClose(native, Actions(onnx.Transform(input)));

            var zip = Path.Combine(dir.FullName, "model.zip");
            ml.Model.Save(policy, input.Schema, zip);
            var loaded = new MLContext(1).Model.Load(zip, out var loadedSchema);
            Assert.Equal(d, ((VectorDataViewType)loadedSchema[OnnxExportNames.Observation].Type).Size);
            AssertClose(native, Actions(loaded.Transform(input)));
            Assert.Equal(
                MlNetWorkoutTests.Describe(policy.GetOutputSchema(input.Schema)),
                MlNetWorkoutTests.Describe(loaded.GetOutputSchema(input.Schema)));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static float[] Native(Policy policy, float[] observation)
    {
        var action = new float[policy.ChunkLength * policy.ActionDimension];
        policy.Act(observation, action);
        return action;
    }

    /// <summary>The PredictedAction column as floats (int64 indices for discrete policies).</summary>
    internal static float[][] Actions(IDataView view)
    {
        var column = view.Schema[OnnxExportNames.PredictedAction];
        var result = new List<float[]>();
        using var cursor = view.GetRowCursor([column]);
        if (((VectorDataViewType)column.Type).ItemType.RawType == typeof(long))
        {
            var getter = cursor.GetGetter<VBuffer<long>>(column);
            VBuffer<long> buffer = default;
            while (cursor.MoveNext())
            {
                getter(ref buffer);
                result.Add(buffer.DenseValues().Select(v => (float)v).ToArray());
            }
        }
        else
        {
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> buffer = default;
            while (cursor.MoveNext())
            {
                getter(ref buffer);
                result.Add(buffer.DenseValues().ToArray());
            }
        }

        return [.. result];
    }

    internal static void AssertClose(float[][] expected, float[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var r = 0; r < expected.Length; r++)
        {
            Assert.Equal(expected[r].Length, actual[r].Length);
            for (var i = 0; i < expected[r].Length; i++)
            {
                Assert.True(Math.Abs(expected[r][i] - actual[r][i]) <= 1e-5, $"row {r}, action[{i}]: {expected[r][i]} vs {actual[r][i]}");
            }
        }
    }

    public sealed class ObservationRow
    {
        public float[] Observation { get; set; } = [];
    }

    public sealed class DiscreteActionRow
    {
        public long[] PredictedAction { get; set; } = [];

        public float[] ActionProbabilities { get; set; } = [];
    }

    public sealed class ActionRow
    {
        public float[] PredictedAction { get; set; } = [];
    }
}
