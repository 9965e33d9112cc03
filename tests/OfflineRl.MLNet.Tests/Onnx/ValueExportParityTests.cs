using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Onnx;

namespace OfflineRl.MLNet.Tests.Onnx;

/// <summary>IQL's V and discrete Q export and match the C# value networks in real ONNX Runtime (raw observations in).</summary>
public sealed class ValueExportParityTests
{
    [Theory]
    [InlineData("v", 1)]
    [InlineData("v", 64)]
    [InlineData("q1", 64)]
    [InlineData("q2", 1)]
    public void Discrete_iql_value_networks_match(string name, int batch)
    {
        var rl = new MLContext(2).OfflineRL();
        var data = rl.Data.LoadNpz(TestData.CartPole, TestData.CartPoleOptions);
        var model = rl.Trainers.Iql(new IqlOptions { Steps = 20, BatchSize = 32, HiddenSizes = [16, 16] }).Fit(data).Model;
        var raw = data.Observations[..(batch * 4)].ToArray();
        var normalized = new float[raw.Length];
        model.Policy.Preprocessing.NormalizeObservations(raw, normalized, batch, 4);
        var network = model.ValueNetworks.Single(v => v.Name == name);
        var expected = network.Evaluate(normalized, batch);
        var path = Path.Combine(Path.GetTempPath(), $"offlinerl-value-{name}-{Guid.NewGuid():N}.onnx");
        try
        {
            ValueOnnxExporter.Export(model, name, path);
            using var session = new InferenceSession(path);
            var output = OrtRun.Run(session, OnnxExportNames.Observation, raw, [batch, 4]).Single();
            Assert.Equal(name == "v" ? OnnxExportNames.Value : OnnxExportNames.QValues, output.Name);
            var actual = output.Floats;
            Assert.Equal(expected.Length, actual.Length);
            Assert.Equal(name == "v" ? batch : batch * 2, actual.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f, $"{name}[{i}]: C# {expected[i]} vs ORT {actual[i]}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Continuous_q_is_refused_with_a_reason()
    {
        var rl = new MLContext().OfflineRL();
        var data = rl.Data.LoadNpz(TestData.Pendulum, new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.AllTruncated });
        var model = rl.Trainers.Iql(new IqlOptions { Steps = 5, BatchSize = 16, HiddenSizes = [8] }).Fit(data).Model;
        var ex = Assert.Throws<NotSupportedException>(() => ValueOnnxExporter.ToBytes(model, "q1"));
        Assert.Contains("only V(s) and discrete Q", ex.Message, StringComparison.Ordinal);
        Assert.NotEmpty(ValueOnnxExporter.ToBytes(model, "v"));
    }
}
