using Microsoft.ML.OnnxRuntime;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Onnx;

/// <summary>Exported policies run in real ONNX Runtime and match the C# policy (docs/onnx.md). No skips: a missing runtime fails.</summary>
public sealed class PolicyExportParityTests
{
    private const float Tolerance = 1e-5f;

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 64)]
    [InlineData(true, 1)]
    [InlineData(true, 64)]
    public void Discrete_policy_matches_in_onnx_runtime(bool normalize, int batch)
    {
        PolicyModel model = ExportFixtures.Train(discrete: true, normalize);
        var policy = (CategoricalHead)model.Policy;
        float[] obs = ExportFixtures.Observations(ExportFixtures.CartPole, batch);
        using var dir = new TempDirectory();
        string path = dir.File($"cartpole-{normalize}-{batch}.onnx");
        PolicyOnnxExporter.Export(model, path);

        using var session = new InferenceSession(path);
        var outputs = OrtRun.Run(session, OnnxExportNames.Observation, obs, [batch, policy.ObservationDimension]);
        long[] actions = outputs.Single(o => o.Name == OnnxExportNames.PredictedAction).Int64s;
        float[] probabilities = outputs.Single(o => o.Name == OnnxExportNames.ActionProbabilities).Floats;
        Assert.Equal(batch, actions.Length);
        Assert.Equal(batch * policy.ActionCount, probabilities.Length);

        var expected = new float[batch];
        policy.Act(obs, batch, expected);
        var p = new float[policy.ActionCount];
        int width = policy.ObservationDimension;
        for (int r = 0; r < batch; r++)
        {
            Assert.Equal((long)expected[r], actions[r]);
            policy.Probabilities(obs.AsSpan(r * width, width), p);
            for (int k = 0; k < p.Length; k++)
            {
                Assert.True(Math.Abs(p[k] - probabilities[(r * p.Length) + k]) <= Tolerance, $"row {r} action {k}: C# {p[k]} vs ORT {probabilities[(r * p.Length) + k]}");
            }
        }

        using var onnxPolicy = OnnxPolicy.Load(path);
        Assert.Equal(expected, onnxPolicy.Act(obs, batch));
    }

    [Theory]
    [InlineData(false, PolicyHead.Auto, 1)]
    [InlineData(false, PolicyHead.Auto, 64)]
    [InlineData(true, PolicyHead.Auto, 1)]
    [InlineData(true, PolicyHead.Auto, 64)]
    [InlineData(true, PolicyHead.Deterministic, 1)]
    [InlineData(true, PolicyHead.Deterministic, 64)]
    [InlineData(false, PolicyHead.Deterministic, 64)]
    public void Continuous_policy_matches_in_onnx_runtime(bool normalize, PolicyHead head, int batch)
    {
        PolicyModel model = ExportFixtures.Train(discrete: false, normalize, head);
        Policy policy = model.Policy;
        Assert.Equal(head == PolicyHead.Deterministic ? PolicyKind.Deterministic : PolicyKind.Gaussian, policy.Kind);
        float[] obs = ExportFixtures.Observations(ExportFixtures.Pendulum, batch);
        using var dir = new TempDirectory();
        string path = dir.File($"pendulum-{normalize}-{head}-{batch}.onnx");
        PolicyOnnxExporter.Export(model, path, new OnnxExportOptions { WithDistribution = true });

        var expected = new float[batch * policy.ActionDimension];
        policy.Act(obs, batch, expected);
        using var session = new InferenceSession(path);
        var outputs = OrtRun.Run(session, OnnxExportNames.Observation, obs, [batch, policy.ObservationDimension]);
        float[] action = outputs.Single(o => o.Name == OnnxExportNames.PredictedAction).Floats;
        AssertClose(expected, action);
        Assert.Equal(new long[] { batch, policy.ActionDimension }, outputs.Single(o => o.Name == OnnxExportNames.PredictedAction).Shape);

        if (policy is GaussianHead gaussian)
        {
            AssertClose(expected, outputs.Single(o => o.Name == OnnxExportNames.ActionMean).Floats);
            var logStd = new float[policy.ActionDimension];
            gaussian.ClippedLogStd(logStd);
            var logStdOut = outputs.Single(o => o.Name == OnnxExportNames.ActionLogStd);
            Assert.Equal(new long[] { batch, policy.ActionDimension }, logStdOut.Shape);
            AssertClose(Enumerable.Repeat(logStd, batch).SelectMany(x => x).ToArray(), logStdOut.Floats);
        }
        else
        {
            Assert.DoesNotContain(OnnxExportNames.ActionLogStd, session.OutputNames);
        }

        using var onnxPolicy = OnnxPolicy.Load(path);
        AssertClose(expected, onnxPolicy.Act(obs, batch));
    }

    [Fact]
    public void Without_distribution_only_action_is_output_and_metadata_is_recorded()
    {
        PolicyModel model = ExportFixtures.Train(discrete: false, normalize: true);
        using var policy = OnnxPolicy.Load(PolicyOnnxExporter.ToBytes(model));
        Assert.Equal([OnnxExportNames.PredictedAction], policy.Session.OutputNames);
        Assert.Equal(OnnxExportNames.Observation, Assert.Single(policy.Session.InputNames));
        Assert.Equal(OnnxPolicy.InMemorySource, policy.Source);
        Assert.Equal(LibraryInfo.Version, policy.Metadata[OnnxExportNames.LibraryVersionKey]);
        Assert.Equal(model.Algorithm, policy.Metadata[OnnxExportNames.AlgorithmKey]);
        Assert.Equal(model.OptionsJson, policy.Metadata[OnnxExportNames.OptionsKey]);
        Assert.Equal(model.DataHash, policy.Metadata[OnnxExportNames.DataHashKey]);
    }

    [Fact]
    public void Policy_saved_and_reloaded_exports_the_same_actions()
    {
        PolicyModel model = ExportFixtures.Train(discrete: true, normalize: true);
        using var dir = new TempDirectory();
        model.Save(dir.File("model"));
        PolicyModel loaded = PolicyModel.Load(dir.File("model"));
        PolicyOnnxExporter.Export(loaded.Policy, dir.File("p.onnx"));
        float[] obs = ExportFixtures.Observations(ExportFixtures.CartPole, 16);
        var expected = new float[16];
        model.Policy.Act(obs, 16, expected);
        using var onnx = OnnxPolicy.Load(dir.File("p.onnx"));
        Assert.Equal(expected, onnx.Act(obs, 16));
    }

    [Fact]
    public void Observation_of_the_wrong_width_gives_a_clear_error()
    {
        PolicyModel model = ExportFixtures.Train(discrete: true, normalize: false);
        using var dir = new TempDirectory();
        PolicyOnnxExporter.Export(model, dir.File("p.onnx"));
        using var onnx = OnnxPolicy.Load(dir.File("p.onnx"));
        var ex = Assert.Throws<ArgumentException>(() => onnx.Act(new float[3]));
        Assert.Contains("expects 4", ex.Message, StringComparison.Ordinal);
        float[] pendulumObservation = ExportFixtures.Observations(ExportFixtures.Pendulum, 1);
        Assert.Throws<ArgumentException>(() => onnx.Act(pendulumObservation));
    }

    [Fact]
    public void Truncated_file_gives_a_clear_error()
    {
        PolicyModel model = ExportFixtures.Train(discrete: true, normalize: false);
        using var dir = new TempDirectory();
        byte[] bytes = PolicyOnnxExporter.ToBytes(model);
        File.WriteAllBytes(dir.File("t.onnx"), bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var ex = Assert.Throws<InvalidDataException>(() => OnnxPolicy.Load(dir.File("t.onnx")));
        Assert.Contains($"ONNX Runtime cannot load '{dir.File("t.onnx")}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_gives_a_clear_error()
    {
        using var dir = new TempDirectory();
        var ex = Assert.Throws<FileNotFoundException>(() => OnnxPolicy.Load(dir.File("missing.onnx")));
        Assert.Contains("missing.onnx", ex.Message, StringComparison.Ordinal);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"[{i}] C# {expected[i]} vs ORT {actual[i]}");
        }
    }
}
