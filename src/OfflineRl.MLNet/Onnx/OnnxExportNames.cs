namespace OfflineRl.MLNet.Onnx;

/// <summary>Tensor and metadata names of exported models (docs/onnx.md).</summary>
public static class OnnxExportNames
{
    /// <summary>Input: raw observations, float32 [batch, obsDim].</summary>
    public const string Observation = "Observation";

    /// <summary>
    /// Output: the deterministic action (float32 [batch, actDim], or int64 [batch] for discrete policies). Not
    /// <c>Action</c>: inside ML.NET an <c>ApplyOnnxModel</c> output of that name would hide the data's logged
    /// <c>Action</c> column (docs/data.md, docs/onnx.md).
    /// </summary>
    public const string PredictedAction = "PredictedAction";

    /// <summary>Output (discrete): softmax probabilities, float32 [batch, n].</summary>
    public const string ActionProbabilities = "ActionProbabilities";

    /// <summary>Output (Gaussian, on request): the mean action in environment units, float32 [batch, actDim].</summary>
    public const string ActionMean = "ActionMean";

    /// <summary>Output (Gaussian, on request): clipped logσ of the scaled action, float32 [batch, actDim].</summary>
    public const string ActionLogStd = "ActionLogStd";

    /// <summary>Output of a V export: float32 [batch, 1].</summary>
    public const string Value = "Value";

    /// <summary>Output of a discrete Q export: float32 [batch, n].</summary>
    public const string QValues = "QValues";

    /// <summary>Metadata key: library version.</summary>
    public const string LibraryVersionKey = "offlinerl.library_version";

    /// <summary>Metadata key: algorithm name.</summary>
    public const string AlgorithmKey = "offlinerl.algorithm";

    /// <summary>Metadata key: trainer options as JSON.</summary>
    public const string OptionsKey = "offlinerl.options";

    /// <summary>Metadata key: hash of the training data.</summary>
    public const string DataHashKey = "offlinerl.data_hash";

    /// <summary>Metadata key: policy kind (Categorical, Gaussian, Deterministic) or value network name.</summary>
    public const string KindKey = "offlinerl.kind";

    /// <summary>
    /// Metadata key: the chunk length h of an action-chunk policy, whose <c>PredictedAction</c> is float32 [batch, h, actDim]
    /// (absent for policies of single actions).
    /// </summary>
    public const string ChunkLengthKey = "offlinerl.chunk_length";
}
