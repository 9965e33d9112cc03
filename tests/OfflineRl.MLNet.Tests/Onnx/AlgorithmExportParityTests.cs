using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Common;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Tests.Onnx;

/// <summary>Every trainer's model exports and matches the C# policy in real ONNX Runtime, discrete and continuous, batch 1 and 64.</summary>
public sealed class AlgorithmExportParityTests
{
    public static TheoryData<string, bool, int> Cases()
    {
        var data = new TheoryData<string, bool, int>();
        foreach (var algo in new[] { "bc", "filtered-bc", "awr", "iql" })
        {
            foreach (var discrete in new[] { true, false })
            {
                foreach (var batch in new[] { 1, 64 })
                {
                    data.Add(algo, discrete, batch);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Exported_policy_matches_the_csharp_policy(string algo, bool discrete, int batch)
    {
        var rl = new MLContext(5).OfflineRL();
        var data = discrete
            ? rl.Data.LoadNpz(TestData.CartPole, TestData.CartPoleOptions)
            : rl.Data.LoadNpz(TestData.Pendulum, new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.AllTruncated });
        IEstimator<PolicyTransformer> trainer = algo switch
        {
            "bc" => rl.Trainers.BehaviorCloning(new BehaviorCloningOptions { Steps = 20, BatchSize = 32, HiddenSizes = [16, 16] }),
            "filtered-bc" => rl.Trainers.FilteredBehaviorCloning(0.2, new BehaviorCloningOptions { Steps = 20, BatchSize = 32, HiddenSizes = [16, 16] }),
            "awr" => rl.Trainers.Awr(new AwrOptions { Steps = 20, BatchSize = 32, HiddenSizes = [16, 16], ValueSteps = 20 }),
            _ => rl.Trainers.Iql(new IqlOptions { Steps = 20, BatchSize = 32, HiddenSizes = [16, 16] }),
        };
        var model = trainer.Fit(data).Model;
        var obs = data.Observations[..(batch * data.ObservationDimension)].ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"offlinerl-{algo}-{discrete}-{batch}-{Guid.NewGuid():N}.onnx");
        try
        {
            PolicyOnnxExporter.Export(model, path);
            using var onnx = OnnxPolicy.Load(path);
            Assert.Equal(algo, onnx.Metadata["offlinerl.algorithm"]);
            var expected = new float[batch * model.Policy.ActionDimension];
            model.Policy.Act(obs, batch, expected);
            var actual = onnx.Act(obs, batch);
            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f, $"{algo} row {i}: C# {expected[i]} vs ORT {actual[i]}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
