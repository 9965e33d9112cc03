using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Onnx;

/// <summary>
/// Writes a trained value network as ONNX: input <c>Observation</c> float32 [batch, obsDim] of raw observations
/// (normalized inside the graph with the policy's statistics, as the trainer saw them); output <c>Value</c>
/// float32 [batch, 1] for V, or <c>QValues</c> float32 [batch, n] for a discrete Q network. Continuous Q networks
/// (which also take an action) are not exported.
/// </summary>
public static class ValueOnnxExporter
{
    /// <summary>Exports the value network named <paramref name="name"/> ("v", "q1", "q2") of <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException">When the model has no such network.</exception>
    /// <exception cref="NotSupportedException">When the network is a continuous Q(s, a).</exception>
    public static void Export(PolicyModel model, string name, string path, OnnxExportOptions? options = null) =>
        Build(model, name, options).Save(path);

    /// <summary>Serializes the value network named <paramref name="name"/> to ONNX bytes.</summary>
    public static byte[] ToBytes(PolicyModel model, string name, OnnxExportOptions? options = null) => Build(model, name, options).ToArray();

    /// <summary>Builds the graph of the value network named <paramref name="name"/>.</summary>
    internal static OnnxGraphBuilder Build(PolicyModel model, string name, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        options ??= new OnnxExportOptions();
        ValueNetwork network = model.ValueNetworks.FirstOrDefault(v => v.Name == name)
            ?? throw new ArgumentException($"The {model.Algorithm} model has no value network '{name}' (it has: {string.Join(", ", model.ValueNetworks.Select(v => v.Name))}).", nameof(name));
        Policy policy = model.Policy;
        if (network.Options.InputSize != policy.ObservationDimension)
        {
            throw new NotSupportedException($"Value network '{name}' takes {network.Options.InputSize} inputs (observation and action); only V(s) and discrete Q(s,·) export.");
        }

        bool isQ = policy.Kind == PolicyKind.Categorical && name != "v";
        string output = isQ ? OnnxExportNames.QValues : OnnxExportNames.Value;
        var builder = new OnnxGraphBuilder("value_" + name, options.OpsetVersion) { Description = $"{model.Algorithm} value network {name}" };
        OnnxExportMetadata.Write(builder, name, model.Algorithm, model.OptionsJson, model.DataHash, options);
        string x = builder.AddBatchedInput(OnnxExportNames.Observation, OnnxElementType.Float, policy.ObservationDimension);
        x = PolicyOnnxExporter.AppendNormalization(builder, x, policy.Preprocessing);
        float[] parameters = network.Parameters.ToArray();
        var mlp = new Mlp(network.Options, 1, parameters, new float[parameters.Length], 0);
        OnnxMlpExport.Append(builder, x, mlp, "value", output);
        builder.AddBatchedOutput(output, OnnxElementType.Float, network.Options.OutputSize);
        return builder;
    }
}
