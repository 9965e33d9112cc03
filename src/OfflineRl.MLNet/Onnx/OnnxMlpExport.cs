using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Onnx;

/// <summary>Appends a trained <see cref="Mlp"/> (Linear → optional LayerNorm → activation per hidden layer) to a graph.</summary>
internal static class OnnxMlpExport
{
    public static string Append(OnnxGraphBuilder builder, string input, MlpOptions options, IReadOnlyList<Linear> layers, IReadOnlyList<LayerNorm?> norms, string prefix, string? output)
    {
        if (!options.LayerNorm)
        {
            var dense = new List<OnnxDenseLayer>(layers.Count);
            for (int i = 0; i < layers.Count; i++)
            {
                bool last = i == layers.Count - 1;
                dense.Add(Dense(layers[i], last ? options.OutputActivation : options.HiddenActivation));
            }

            return builder.AppendMlp(input, dense, prefix, output);
        }

        string x = input;
        for (int i = 0; i < layers.Count; i++)
        {
            bool last = i == layers.Count - 1;
            string name = FormattableString.Invariant($"{prefix}.{i}");
            x = builder.AppendMlp(x, [Dense(layers[i], OnnxActivation.None)], name, last && options.OutputActivation == Activation.None ? output : null);
            if (!last && i < norms.Count && norms[i] is { } norm)
            {
                string gamma = builder.AddVector(name + ".ln.scale", norm.Gamma.ToArray());
                string beta = builder.AddVector(name + ".ln.bias", norm.Beta.ToArray());
                x = builder.LayerNormalization(x, gamma, beta, -1, norm.Epsilon);
            }

            Activation activation = last ? options.OutputActivation : options.HiddenActivation;
            x = activation switch
            {
                Activation.None => x,
                Activation.Relu => builder.Relu(x, last ? output : null),
                Activation.Tanh => builder.Tanh(x, last ? output : null),
                _ => throw new NotSupportedException($"Activation {activation} cannot be exported."),
            };
        }

        return x;
    }

    public static string Append(OnnxGraphBuilder builder, string input, Mlp mlp, string prefix, string? output) =>
        Append(builder, input, mlp.Options, mlp.Layers, mlp.Norms, prefix, output);

    /// <summary>
    /// Appends <paramref name="mlp"/> with only its first <paramref name="outputs"/> outputs, through tanh (a squashed
    /// Gaussian's mean without its logσ outputs): the last layer's other columns are left out of the graph.
    /// </summary>
    public static string AppendFirstOutputs(OnnxGraphBuilder builder, string input, Mlp mlp, int outputs, string prefix, string? output)
    {
        var last = mlp.Layers[^1];
        var kept = new Linear(last.InFeatures, outputs);
        for (var i = 0; i < last.InFeatures; i++)
        {
            last.Weights.Slice(i * last.OutFeatures, outputs).CopyTo(kept.Weights.Slice(i * outputs, outputs));
        }

        last.Bias[..outputs].CopyTo(kept.Bias);
        var options = new MlpOptions(mlp.Options.InputSize, mlp.Options.HiddenSizes, outputs)
        {
            HiddenActivation = mlp.Options.HiddenActivation,
            OutputActivation = Activation.Tanh,
            LayerNorm = mlp.Options.LayerNorm,
        };
        return Append(builder, input, options, [.. mlp.Layers.Take(mlp.Layers.Count - 1), kept], mlp.Norms, prefix, output);
    }

    private static OnnxDenseLayer Dense(Linear layer, Activation activation) =>
        Dense(layer, activation switch
        {
            Activation.None => OnnxActivation.None,
            Activation.Relu => OnnxActivation.Relu,
            Activation.Tanh => OnnxActivation.Tanh,
            _ => throw new NotSupportedException($"Activation {activation} cannot be exported."),
        });

    private static OnnxDenseLayer Dense(Linear layer, OnnxActivation activation) =>
        new(layer.InFeatures, layer.OutFeatures, layer.Weights.ToArray(), layer.Bias.ToArray(), activation, OnnxWeightLayout.InputMajor);
}
