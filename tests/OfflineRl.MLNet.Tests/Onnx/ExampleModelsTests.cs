using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Onnx;

/// <summary>
/// Produces the example models of <c>models/</c>: BC on the shared CartPole and Pendulum data, exported and checked
/// against the C# policy in ONNX Runtime. Set OFFLINERL_EXAMPLE_MODELS to a folder to keep the files there.
/// </summary>
public sealed class ExampleModelsTests
{
    [Theory]
    [InlineData("cartpole_bc.onnx", true)]
    [InlineData("pendulum_bc.onnx", false)]
    public void Example_model_is_exported_and_matches(string file, bool discrete)
    {
        string? keep = Environment.GetEnvironmentVariable("OFFLINERL_EXAMPLE_MODELS");
        using var dir = new TempDirectory();
        string folder = string.IsNullOrWhiteSpace(keep) ? dir.Path : Path.GetFullPath(keep);
        var rl = new MLContext(0).OfflineRL();
        TrajectoryDataset data = discrete
            ? rl.Data.LoadNpz(TestData.CartPole, TestData.CartPoleOptions)
            : rl.Data.LoadNpz(TestData.Pendulum, new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.AllTruncated });
        var options = new BehaviorCloningOptions { Steps = string.IsNullOrWhiteSpace(keep) ? 200 : 3000, HiddenSizes = [64, 64], BatchSize = 256 };
        PolicyModel model = rl.Trainers.BehaviorCloning(options).Fit(data).Model;
        string path = Path.Combine(folder, file);
        PolicyOnnxExporter.Export(model, path, new OnnxExportOptions { WithDistribution = !discrete });

        int rows = Math.Min(data.Count, 256);
        float[] obs = data.Observations[..(rows * data.ObservationDimension)].ToArray();
        var expected = new float[rows * model.Policy.ActionDimension];
        model.Policy.Act(obs, rows, expected);
        using var onnx = OnnxPolicy.Load(path);
        float[] actual = onnx.Act(obs, rows);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f, $"[{i}] {expected[i]} vs {actual[i]}");
        }

        if (discrete)
        {
            int agree = 0;
            for (int i = 0; i < rows; i++)
            {
                agree += (int)actual[i] == data.DiscreteActions[i] ? 1 : 0;
            }

            Assert.True(agree > rows * (string.IsNullOrWhiteSpace(keep) ? 0.6 : 0.8), $"agreement with the expert {agree}/{rows}");
        }
    }
}
