using System.Globalization;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Onnx;

/// <summary>
/// Writes a trained policy as an ONNX model (docs/onnx.md): input <c>Observation</c> float32 [batch, obsDim] of raw
/// observations; observation normalization and action un-scaling inside the graph. Continuous policies output
/// <c>PredictedAction</c> float32 [batch, actDim] = unscale(tanh(mlp(normalize(obs)))) and, with
/// <see cref="OnnxExportOptions.WithDistribution"/> on a Gaussian policy, <c>ActionMean</c> (the same mean in
/// environment units) and <c>ActionLogStd</c> (the clipped logσ, in the scaled [−1, 1] action units, repeated per row).
/// Discrete policies output <c>PredictedAction</c> int64 [batch] (arg-max, first on ties) and <c>ActionProbabilities</c>
/// float32 [batch, n]. An action-chunk policy (h actions per observation) outputs <c>PredictedAction</c> float32
/// [batch, h, actDim] and records h under <see cref="OnnxExportNames.ChunkLengthKey"/>. Opset 17, IR version 8.
/// </summary>
public static class PolicyOnnxExporter
{
    /// <summary>Exports the policy of a trained model, with its algorithm, options and data hash as metadata.</summary>
    /// <param name="model">A trained model (any trainer: BC, filtered BC, AWR, IQL).</param>
    /// <param name="path">Target .onnx file (written atomically; the folder is created).</param>
    /// <param name="options">Export options, or null for the defaults.</param>
    public static void Export(PolicyModel model, string path, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Build(model.Policy, model.Algorithm, model.OptionsJson, model.DataHash, options).Save(path);
    }

    /// <summary>Exports a policy without training metadata.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="path">Target .onnx file.</param>
    /// <param name="options">Export options, or null for the defaults.</param>
    public static void Export(Policy policy, string path, OnnxExportOptions? options = null) =>
        Build(policy, null, null, null, options).Save(path);

    /// <summary>Serializes the policy of <paramref name="model"/> to ONNX bytes.</summary>
    public static byte[] ToBytes(PolicyModel model, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Build(model.Policy, model.Algorithm, model.OptionsJson, model.DataHash, options).ToArray();
    }

    /// <summary>Serializes <paramref name="policy"/> to ONNX bytes.</summary>
    public static byte[] ToBytes(Policy policy, OnnxExportOptions? options = null) => Build(policy, null, null, null, options).ToArray();

    /// <summary>Builds the graph of <paramref name="policy"/> (the exporter's and the tests' way to add to it before saving).</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="algorithm">Algorithm name for the metadata, or null.</param>
    /// <param name="optionsJson">Trainer options JSON for the metadata, or null.</param>
    /// <param name="dataHash">Training data hash for the metadata, or null.</param>
    /// <param name="options">Export options, or null for the defaults.</param>
    internal static OnnxGraphBuilder Build(Policy policy, string? algorithm, string? optionsJson, string? dataHash, OnnxExportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(policy);
        options ??= new OnnxExportOptions();
        var builder = new OnnxGraphBuilder("policy", options.OpsetVersion)
        {
            Description = string.Create(CultureInfo.InvariantCulture, $"{algorithm ?? "OfflineRl.MLNet"} {policy.Kind} policy: {policy.ObservationDimension} observations"),
        };
        OnnxExportMetadata.Write(builder, policy.Kind.ToString(), algorithm, optionsJson, dataHash, options);

        string x = builder.AddBatchedInput(OnnxExportNames.Observation, OnnxElementType.Float, policy.ObservationDimension);
        x = AppendNormalization(builder, x, policy.Preprocessing);
        switch (policy)
        {
            case GreedyQPolicy greedy:
                {
                    AppendGreedyQ(builder, x, greedy);
                    builder.AddOutput(OnnxExportNames.PredictedAction, OnnxElementType.Int64, OnnxDimension.Symbolic(OnnxGraphBuilder.BatchDimensionName));
                    builder.AddBatchedOutput(OnnxExportNames.ActionProbabilities, OnnxElementType.Float, greedy.ActionCount);
                    break;
                }

            case CategoricalHead categorical:
                {
                    string logits = OnnxMlpExport.Append(builder, x, categorical.Net, "policy", "logits");
                    builder.AppendCategoricalHead(logits, OnnxExportNames.ActionProbabilities, OnnxExportNames.PredictedAction);
                    builder.AddOutput(OnnxExportNames.PredictedAction, OnnxElementType.Int64, OnnxDimension.Symbolic(OnnxGraphBuilder.BatchDimensionName));
                    builder.AddBatchedOutput(OnnxExportNames.ActionProbabilities, OnnxElementType.Float, categorical.ActionCount);
                    break;
                }

            case GaussianHead or DeterministicHead:
                {
                    int n = policy.ActionDimension;
                    string scaled = OnnxMlpExport.Append(builder, x, ((MlpHead)policy).Net, "policy", "scaled_action");
                    bool distribution = options.WithDistribution && policy is GaussianHead;
                    if (policy.ChunkLength > 1)
                    {
                        // [batch, h·A] → [batch, h, A] (0 keeps the batch); the bounds then broadcast over the last axis.
                        string shape = builder.AddVector("chunk_shape", [0L, policy.ChunkLength, n]);
                        builder.AddNode("Reshape", [scaled, shape], ["scaled_chunk"]);
                        AppendUnscaling(builder, "scaled_chunk", policy.Preprocessing, OnnxExportNames.PredictedAction);
                        builder.AddOutput(OnnxExportNames.PredictedAction, OnnxElementType.Float,
                            OnnxDimension.Symbolic(OnnxGraphBuilder.BatchDimensionName), policy.ChunkLength, n);
                        builder.SetMetadata(OnnxExportNames.ChunkLengthKey, policy.ChunkLength.ToString(CultureInfo.InvariantCulture));
                        break;
                    }

                    string action = AppendUnscaling(builder, scaled, policy.Preprocessing, OnnxExportNames.PredictedAction);
                    builder.AddBatchedOutput(OnnxExportNames.PredictedAction, OnnxElementType.Float, n);
                    if (distribution)
                    {
                        var gaussian = (GaussianHead)policy;
                        builder.Identity(action, OnnxExportNames.ActionMean);
                        builder.AddBatchedOutput(OnnxExportNames.ActionMean, OnnxElementType.Float, n);
                        var logStd = new float[n];
                        gaussian.ClippedLogStd(logStd);
                        builder.AppendBatchBroadcast(OnnxExportNames.Observation, logStd, "log_std", OnnxExportNames.ActionLogStd);
                        builder.AddBatchedOutput(OnnxExportNames.ActionLogStd, OnnxElementType.Float, n);
                    }

                    break;
                }

            case SquashedGaussianHead squashed:
                {
                    // The deterministic action tanh(mean): the network without its logσ outputs, then Tanh.
                    string scaled = OnnxMlpExport.AppendFirstOutputs(builder, x, squashed.Net, squashed.ActionDimension, "policy", "scaled_action");
                    AppendUnscaling(builder, scaled, policy.Preprocessing, OnnxExportNames.PredictedAction);
                    builder.AddBatchedOutput(OnnxExportNames.PredictedAction, OnnxElementType.Float, policy.ActionDimension);
                    break;
                }

            default:
                throw new NotSupportedException($"Policies of type {policy.GetType().Name} cannot be exported.");
        }

        return builder;
    }

    internal static string AppendNormalization(OnnxGraphBuilder builder, string x, PolicyPreprocessing preprocessing)
    {
        if (preprocessing.ObservationMean is { } mean && preprocessing.ObservationStd is { } std)
        {
            return builder.AppendNormalization(x, mean.ToArray(), std.ToArray(), "observation_normalizer", null, "normalized_observation");
        }

        return x;
    }

    /// <summary>
    /// The greedy-Q policy as one graph: Q(s) and, for a behaviour-constrained policy, G's logits; the mask
    /// logit − max logit &gt; ln τ; ArgMax over Q where allowed (−∞ elsewhere), first on ties; the probabilities are the
    /// one-hot of the chosen action.
    /// </summary>
    private static void AppendGreedyQ(OnnxGraphBuilder builder, string x, GreedyQPolicy policy)
    {
        string scores = OnnxMlpExport.Append(builder, x, policy.Shape, policy.Q.Layers, policy.Q.Norms, "q", "q_values");
        if (policy.Behavior is { } behavior)
        {
            string logits = OnnxMlpExport.Append(builder, x, behavior, "behavior", "behavior_logits");
            builder.AddNode("ReduceMax", [logits], ["behavior_max_logit"], [OnnxAttribute.Ints("axes", -1), OnnxAttribute.Int("keepdims", 1)]);
            string relative = builder.Sub(logits, "behavior_max_logit", "behavior_relative_logit");
            string logThreshold = builder.AddScalar("behavior_log_threshold", policy.LogThreshold);
            builder.AddNode("Greater", [relative, logThreshold], ["behavior_allowed"]);
            string never = builder.AddScalar("never_value", float.NegativeInfinity);
            builder.AddNode("Where", ["behavior_allowed", scores, never], ["allowed_q_values"]);
            scores = "allowed_q_values";
        }

        string action = builder.ArgMax(scores, -1, keepDims: false, OnnxExportNames.PredictedAction);
        string depth = builder.AddScalar("action_count", (long)policy.ActionCount);
        string values = builder.AddVector("one_hot_values", [0f, 1f]);
        builder.AddNode("OneHot", [action, depth, values], [OnnxExportNames.ActionProbabilities], [OnnxAttribute.Int("axis", -1)]);
    }

    private static string AppendUnscaling(OnnxGraphBuilder builder, string scaled, PolicyPreprocessing preprocessing, string output)
    {
        if (preprocessing.ActionLow is { } low && preprocessing.ActionHigh is { } high)
        {
            return builder.AppendActionUnscaling(scaled, low.ToArray(), high.ToArray(), "action_unscaler", output);
        }

        return builder.Identity(scaled, output);
    }
}
