using OfflineRl.MLNet.Onnx;

namespace OfflineRl.MLNet.Tests.Onnx;

/// <summary>A categorical policy: normalize, ReLU MLP to logits, Softmax probabilities and int64 ArgMax action.</summary>
internal sealed class DiscreteTestPolicy
{
    public DiscreteTestPolicy(int seed, int observationSize = 4, int hidden = 16, int actionCount = 3)
    {
        var random = new Random(seed);
        ObservationSize = observationSize;
        ActionCount = actionCount;
        Mean = OnnxReference.RandomArray(random, observationSize, 1.0);
        Std = OnnxReference.RandomArray(random, observationSize, 1.0).Select(v => 0.25f + Math.Abs(v)).ToArray();
        Layers =
        [
            OnnxReference.RandomLayer(random, observationSize, hidden, OnnxActivation.Relu),
            OnnxReference.RandomLayer(random, hidden, actionCount, OnnxActivation.None),
        ];
    }

    public int ObservationSize { get; }

    public int ActionCount { get; }

    public float[] Mean { get; }

    public float[] Std { get; }

    public OnnxDenseLayer[] Layers { get; }

    public OnnxGraphBuilder CreateBuilder()
    {
        var builder = new OnnxGraphBuilder("discrete_test_policy");
        string observation = builder.AddBatchedInput("Observation", OnnxElementType.Float, ObservationSize);
        string normalized = builder.AppendNormalization(observation, Mean, Std, "obs_norm");
        string logits = builder.AppendMlp(normalized, Layers, "actor", output: "logits");
        builder.AppendCategoricalHead(logits, "ActionProbabilities", "PredictedAction");
        builder.AddBatchedOutput("PredictedAction", OnnxElementType.Int64);
        builder.AddBatchedOutput("ActionProbabilities", OnnxElementType.Float, ActionCount);
        return builder;
    }

    public double[] ReferenceLogits(ReadOnlySpan<float> observation) =>
        OnnxReference.Mlp(Layers, OnnxReference.Normalize(observation, Mean, Std));
}
