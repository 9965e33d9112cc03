using OfflineRl.MLNet.Onnx;

namespace OfflineRl.MLNet.Tests.Onnx;

/// <summary>
/// A deterministic continuous policy built only from the builder's blocks: normalize the observation, a ReLU/Tanh
/// MLP ending in tanh, unscale to the action bounds. Also exports ActionMean (the pre-unscaling tanh output).
/// </summary>
internal sealed class ContinuousTestPolicy
{
    public ContinuousTestPolicy(int seed, int observationSize = 5, int hidden = 32, int actionSize = 3, OnnxWeightLayout layout = OnnxWeightLayout.OutputMajor)
    {
        var random = new Random(seed);
        ObservationSize = observationSize;
        ActionSize = actionSize;
        Mean = OnnxReference.RandomArray(random, observationSize, 2.0);
        Std = OnnxReference.RandomArray(random, observationSize, 1.0).Select(v => 0.5f + Math.Abs(v) * 2f).ToArray();
        Low = Enumerable.Range(0, actionSize).Select(i => -1f - i).ToArray();
        High = Enumerable.Range(0, actionSize).Select(i => 0.5f + (i * 0.75f)).ToArray();
        Layers =
        [
            OnnxReference.RandomLayer(random, observationSize, hidden, OnnxActivation.Relu, layout),
            OnnxReference.RandomLayer(random, hidden, hidden, OnnxActivation.Tanh, layout),
            OnnxReference.RandomLayer(random, hidden, actionSize, OnnxActivation.Tanh, layout),
        ];
    }

    public int ObservationSize { get; }

    public int ActionSize { get; }

    public float[] Mean { get; }

    public float[] Std { get; }

    public float[] Low { get; }

    public float[] High { get; }

    public OnnxDenseLayer[] Layers { get; }

    public OnnxGraphBuilder CreateBuilder()
    {
        var builder = new OnnxGraphBuilder("continuous_test_policy");
        string observation = builder.AddBatchedInput("Observation", OnnxElementType.Float, ObservationSize);
        string normalized = builder.AppendNormalization(observation, Mean, Std, "obs_norm");
        string mean = builder.AppendMlp(normalized, Layers, "actor", output: "ActionMean");
        builder.AppendActionUnscaling(mean, Low, High, "action_scale", output: "PredictedAction");
        builder.AddBatchedOutput("PredictedAction", OnnxElementType.Float, ActionSize);
        builder.AddBatchedOutput("ActionMean", OnnxElementType.Float, ActionSize);
        builder.SetMetadata("algorithm", "test");
        builder.SetMetadata("options", "{\"hidden\":[32,32]}");
        return builder;
    }

    public double[] ReferenceMean(ReadOnlySpan<float> observation) =>
        OnnxReference.Mlp(Layers, OnnxReference.Normalize(observation, Mean, Std));

    public double[] ReferenceAction(ReadOnlySpan<float> observation) =>
        OnnxReference.Unscale(ReferenceMean(observation), Low, High);
}
