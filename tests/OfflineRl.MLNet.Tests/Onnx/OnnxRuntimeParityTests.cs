using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OfflineRl.MLNet.Onnx;

namespace OfflineRl.MLNet.Tests.Onnx;

/// <summary>
/// Graphs from <see cref="OnnxGraphBuilder"/> run in real ONNX Runtime (the Microsoft.ML.OnnxRuntime package) and
/// match a float64 C# reference.
/// </summary>
public sealed class OnnxRuntimeParityTests
{
    private const double Tolerance = 1e-5;

    [Theory]
    [InlineData(1, "OutputMajor")]
    [InlineData(64, "OutputMajor")]
    [InlineData(1, "InputMajor")]
    [InlineData(64, "InputMajor")]
    public void ContinuousPolicyMatchesReference(int batch, string layoutName)
    {
        var layout = Enum.Parse<OnnxWeightLayout>(layoutName);
        var policy = new ContinuousTestPolicy(seed: 7, layout: layout);
        using var session = new InferenceSession(policy.CreateBuilder().ToArray());
        var observations = OnnxReference.RandomArray(new Random(100 + batch), batch * policy.ObservationSize, 3.0);

        IReadOnlyList<OrtOutput> outputs = OrtRun.Run(session, "Observation", observations, [batch, policy.ObservationSize], "PredictedAction", "ActionMean");

        Assert.Equal([batch, policy.ActionSize], outputs[0].Shape);
        float[] action = outputs[0].Floats;
        float[] mean = outputs[1].Floats;
        for (int row = 0; row < batch; row++)
        {
            ReadOnlySpan<float> observation = observations.AsSpan(row * policy.ObservationSize, policy.ObservationSize);
            double[] expectedAction = policy.ReferenceAction(observation);
            double[] expectedMean = policy.ReferenceMean(observation);
            for (int j = 0; j < policy.ActionSize; j++)
            {
                OnnxReference.AssertClose(expectedAction[j], action[(row * policy.ActionSize) + j], Tolerance, $"PredictedAction[{row}, {j}]");
                OnnxReference.AssertClose(expectedMean[j], mean[(row * policy.ActionSize) + j], Tolerance, $"ActionMean[{row}, {j}]");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public void CategoricalHeadMatchesReference(int batch)
    {
        var policy = new DiscreteTestPolicy(seed: 11);
        using var session = new InferenceSession(policy.CreateBuilder().ToArray());
        var observations = OnnxReference.RandomArray(new Random(200 + batch), batch * policy.ObservationSize, 2.0);

        IReadOnlyList<OrtOutput> outputs = OrtRun.Run(session, "Observation", observations, [batch, policy.ObservationSize]);

        OrtOutput action = outputs.Single(o => o.Name == "PredictedAction");
        OrtOutput probabilities = outputs.Single(o => o.Name == "ActionProbabilities");
        Assert.Equal(TensorElementType.Int64, action.ElementType);
        Assert.Equal([batch], action.Shape);
        Assert.Equal([batch, policy.ActionCount], probabilities.Shape);
        for (int row = 0; row < batch; row++)
        {
            double[] logits = policy.ReferenceLogits(observations.AsSpan(row * policy.ObservationSize, policy.ObservationSize));
            double[] expected = OnnxReference.Softmax(logits);
            Assert.Equal(OnnxReference.ArgMax(logits), action.Int64s[row]);
            for (int k = 0; k < policy.ActionCount; k++)
            {
                OnnxReference.AssertClose(expected[k], probabilities.Floats[(row * policy.ActionCount) + k], Tolerance, $"ActionProbabilities[{row}, {k}]");
            }
        }
    }

    [Fact]
    public void NormalizationWithClipAndUnscalingMatchReference()
    {
        float[] mean = [1f, -2f, 0.5f];
        float[] std = [0.5f, 2f, 0.1f];
        float[] low = [-2f, 0f, -0.25f];
        float[] high = [2f, 10f, 0.25f];
        var builder = new OnnxGraphBuilder("blocks");
        string x = builder.AddBatchedInput("x", OnnxElementType.Float, 3);
        builder.AppendNormalization(x, mean, std, "norm", clip: 5f, output: "normalized");
        string a = builder.AddBatchedInput("a", OnnxElementType.Float, 3);
        builder.AppendActionUnscaling(a, low, high, "unscale", output: "unscaled");
        builder.AddBatchedOutput("normalized", OnnxElementType.Float, 3);
        builder.AddBatchedOutput("unscaled", OnnxElementType.Float, 3);
        using var session = new InferenceSession(builder.ToArray());

        float[] xs = [1f, -2f, 0.5f, 3f, 10f, 0.55f, -100f, -2.5f, 2f];
        float[] actions = [-1f, 0f, 1f, 0.5f, -0.5f, 0.25f, 1f, 1f, -1f];
        IReadOnlyList<OrtOutput> outputs = OrtRun.Run(
            session, new Dictionary<string, OrtValue> { ["x"] = OrtRun.Float(xs, 3, 3), ["a"] = OrtRun.Float(actions, 3, 3) });

        for (int row = 0; row < 3; row++)
        {
            double[] normalized = OnnxReference.Normalize(xs.AsSpan(row * 3, 3), mean, std);
            double[] unscaled = OnnxReference.Unscale(actions.Skip(row * 3).Take(3).Select(v => (double)v).ToArray(), low, high);
            for (int j = 0; j < 3; j++)
            {
                OnnxReference.AssertClose(Math.Clamp(normalized[j], -5, 5), outputs[0].Floats[(row * 3) + j], Tolerance, $"normalized[{row}, {j}]");
                OnnxReference.AssertClose(unscaled[j], outputs[1].Floats[(row * 3) + j], Tolerance, $"unscaled[{row}, {j}]");
            }
        }

        // Endpoints land exactly on the bounds.
        Assert.Equal(low[0], outputs[1].Floats[0]);
        Assert.Equal(high[2], outputs[1].Floats[2]);
    }

    [Fact]
    public void Int64InputsAndOutputsRun()
    {
        var builder = new OnnxGraphBuilder("int64_io");
        string index = builder.AddBatchedInput("index", OnnxElementType.Int64);
        string x = builder.AddBatchedInput("x", OnnxElementType.Float, 2);
        string two = builder.AddScalar("two", 2L);
        builder.Mul(index, two, "doubled");
        string asFloat = builder.Cast(index, OnnxElementType.Float);
        string column = builder.Unsqueeze(asFloat, [1]);
        builder.Add(x, column, "shifted");
        builder.AddBatchedOutput("doubled", OnnxElementType.Int64);
        builder.AddBatchedOutput("shifted", OnnxElementType.Float, 2);
        using var session = new InferenceSession(builder.ToArray());

        IReadOnlyList<OrtOutput> outputs = OrtRun.Run(
            session, new Dictionary<string, OrtValue> { ["index"] = OrtRun.Int64([3, -4], 2), ["x"] = OrtRun.Float([0.5f, 1.5f, 2.5f, 3.5f], 2, 2) });

        Assert.Equal([6L, -8L], outputs[0].Int64s);
        Assert.Equal([3.5f, 4.5f, -1.5f, -0.5f], outputs[1].Floats);
    }

    [Fact]
    public void LayerNormalizationAndOtherOperatorsRun()
    {
        float[] scale = [1f, 2f, 0.5f, 1f];
        float[] bias = [0f, 0.1f, -0.1f, 0f];
        var builder = new OnnxGraphBuilder("ops");
        string x = builder.AddBatchedInput("x", OnnxElementType.Float, 4);
        string s = builder.AddVector("ln.scale", scale);
        string b = builder.AddVector("ln.bias", bias);
        builder.LayerNormalization(x, s, b, epsilon: 1e-5f, output: "ln");
        string e = builder.Exp(builder.Clip(x, -1f, 1f));
        builder.Identity(builder.Neg(builder.Log(e)), "negclip");
        builder.AddBatchedOutput("ln", OnnxElementType.Float, 4);
        builder.AddBatchedOutput("negclip", OnnxElementType.Float, 4);
        using var session = new InferenceSession(builder.ToArray());

        float[] xs = [1f, 2f, 3f, 4f, -0.5f, 0.25f, 5f, -3f];
        IReadOnlyList<OrtOutput> outputs = OrtRun.Run(session, "x", xs, [2, 4]);

        for (int row = 0; row < 2; row++)
        {
            double[] v = xs.Skip(row * 4).Take(4).Select(f => (double)f).ToArray();
            double mu = v.Average();
            double variance = v.Select(t => (t - mu) * (t - mu)).Average();
            for (int j = 0; j < 4; j++)
            {
                double expected = ((v[j] - mu) / Math.Sqrt(variance + 1e-5) * scale[j]) + bias[j];
                OnnxReference.AssertClose(expected, outputs[0].Floats[(row * 4) + j], Tolerance, $"ln[{row}, {j}]");
                OnnxReference.AssertClose(-Math.Clamp(v[j], -1, 1), outputs[1].Floats[(row * 4) + j], Tolerance, $"negclip[{row}, {j}]");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public void BatchBroadcastRepeatsTheRowForEveryBatchEntry(int batch)
    {
        float[] logStd = [-0.5f, 0.25f, -2f];
        var builder = new OnnxGraphBuilder("broadcast");
        string observation = builder.AddBatchedInput("Observation", OnnxElementType.Float, 2);
        builder.AppendBatchBroadcast(observation, logStd, "log_std", output: "ActionLogStd");
        builder.AddBatchedOutput("ActionLogStd", OnnxElementType.Float, 3);
        using var session = new InferenceSession(builder.ToArray());

        OrtOutput output = OrtRun.Run(session, "Observation", new float[batch * 2], [batch, 2])[0];

        Assert.Equal([batch, 3L], output.Shape);
        Assert.Equal(Enumerable.Repeat(logStd, batch).SelectMany(r => r), output.Floats);
    }

    [Fact]
    public void ConcurrentRunsOnOneSessionAgree()
    {
        var policy = new ContinuousTestPolicy(seed: 13);
        using var session = new InferenceSession(policy.CreateBuilder().ToArray());
        var observations = OnnxReference.RandomArray(new Random(14), 16 * policy.ObservationSize, 2.0);
        float[] expected = OrtRun.Run(session, "Observation", observations, [16, policy.ObservationSize], "PredictedAction")[0].Floats;

        Parallel.For(0, 32, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            float[] actual = OrtRun.Run(session, "Observation", observations, [16, policy.ObservationSize], "PredictedAction")[0].Floats;
            Assert.Equal(expected, actual);
        });
    }

    [Fact]
    public void SessionListsInputsOutputsWithSymbolicBatch()
    {
        var policy = new DiscreteTestPolicy(seed: 3);
        using var session = new InferenceSession(policy.CreateBuilder().ToArray());

        var (name, input) = Assert.Single(session.InputMetadata);
        Assert.Equal("Observation", name);
        Assert.Equal(TensorElementType.Float, input.ElementDataType);
        Assert.Equal([-1, policy.ObservationSize], input.Dimensions);
        Assert.Equal(["batch", string.Empty], input.SymbolicDimensions);
        Assert.Equal("Observation: float32[batch, 4]", OnnxTensorText.Describe(name, input));

        Assert.Equal(["PredictedAction", "ActionProbabilities"], session.OutputNames);
        Assert.Equal(TensorElementType.Int64, session.OutputMetadata["PredictedAction"].ElementDataType);
        Assert.Equal([-1], session.OutputMetadata["PredictedAction"].Dimensions);
        Assert.Equal([-1, policy.ActionCount], session.OutputMetadata["ActionProbabilities"].Dimensions);

        using var loaded = OnnxPolicy.Load(policy.CreateBuilder().ToArray());
        Assert.Equal([new OnnxTensorInfo("Observation", "float32", "[batch, 4]")], loaded.Inputs);
        Assert.Equal(["PredictedAction: int64[batch]", $"ActionProbabilities: float32[batch, {policy.ActionCount}]"], loaded.Outputs.Select(o => o.ToString()));
    }

    [Fact]
    public void RuntimeIsTheNuGetPackagesVersion()
    {
        Assert.Equal("1.32.0", OnnxPolicy.RuntimeVersion);
    }
}
