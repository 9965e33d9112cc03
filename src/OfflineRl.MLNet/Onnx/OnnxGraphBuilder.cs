using System.Buffers.Binary;
using System.Globalization;
using System.Reflection;
using Google.Protobuf;
using OfflineRl.MLNet.Onnx.Proto;

namespace OfflineRl.MLNet.Onnx;

/// <summary>
/// Builds an ONNX model (IR version 8, default-domain opset 13–17) one value at a time: graph inputs with a
/// symbolic batch dimension, constant initializers, operator nodes, outputs and metadata, then writes it with
/// Google.Protobuf. Typed helpers cover the operators policy graphs need; <see cref="AppendMlp"/>,
/// <see cref="AppendNormalization"/>, <see cref="AppendActionUnscaling"/> and <see cref="AppendCategoricalHead"/>
/// turn a policy into a few calls.
/// </summary>
/// <remarks>
/// Every helper returns the name of the value it produced; pass <c>output</c> to choose that name (for example a
/// graph output name such as <c>"PredictedAction"</c>), otherwise a unique name is generated. Names are checked as the
/// graph grows: a node may only read values defined before it, and no name is defined twice, so the node list is
/// always in topological order. Not thread-safe.
/// </remarks>
internal sealed class OnnxGraphBuilder
{
    /// <summary>The ONNX IR version written into every model.</summary>
    public const long IrVersion = 8;

    /// <summary>The highest default-domain opset the builder writes (docs/onnx.md: opset ≤ 17).</summary>
    public const long MaxOpsetVersion = 17;

    /// <summary>The lowest opset the typed helpers support (they use the opset-13 forms of Softmax, Unsqueeze and Squeeze).</summary>
    public const long MinOpsetVersion = 13;

    /// <summary>Name of the symbolic batch dimension used by <see cref="AddBatchedInput"/> and <see cref="AddBatchedOutput"/>.</summary>
    public const string BatchDimensionName = "batch";

    /// <summary>Default <see cref="ProducerName"/>.</summary>
    public const string DefaultProducerName = "OfflineRl.MLNet";

    private readonly GraphProto _graph;
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _outputs = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, string>> _metadata = [];
    private int _counter;

    /// <summary>Creates an empty graph.</summary>
    /// <param name="graphName">Name stored in the graph (shown by ONNX Runtime and Netron).</param>
    /// <param name="opsetVersion">Default-domain opset to import, from <see cref="MinOpsetVersion"/> to <see cref="MaxOpsetVersion"/>.</param>
    /// <exception cref="ArgumentException">When the name is blank or the opset is out of range.</exception>
    public OnnxGraphBuilder(string graphName = "main", long opsetVersion = MaxOpsetVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        if (opsetVersion is < MinOpsetVersion or > MaxOpsetVersion)
        {
            throw new ArgumentOutOfRangeException(nameof(opsetVersion), opsetVersion, $"The opset must be between {MinOpsetVersion} and {MaxOpsetVersion}.");
        }

        OpsetVersion = opsetVersion;
        _graph = new GraphProto { Name = graphName };
        ProducerVersion = LibraryVersion();
    }

    /// <summary>The default-domain opset the model imports.</summary>
    public long OpsetVersion { get; }

    /// <summary>The graph name.</summary>
    public string GraphName => _graph.Name;

    /// <summary>The producer name stored in the model (default <see cref="DefaultProducerName"/>).</summary>
    public string ProducerName { get; set; } = DefaultProducerName;

    /// <summary>The producer version stored in the model (default: this library's version).</summary>
    public string ProducerVersion { get; set; }

    /// <summary>Free text stored as the model's doc string, or null.</summary>
    public string? Description { get; set; }

    /// <summary>Metadata properties written as the model's <c>metadata_props</c>, in insertion order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata => _metadata;

    /// <summary>Number of nodes added so far.</summary>
    public int NodeCount => _graph.Node.Count;

    /// <summary>True when a value (input, initializer or node output) with this name exists.</summary>
    public bool IsDefined(string name) => _values.Contains(name);

    /// <summary>Sets a metadata property, replacing an earlier value for the same key.</summary>
    /// <exception cref="ArgumentException">When the key is blank.</exception>
    public void SetMetadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        int index = _metadata.FindIndex(p => p.Key == key);
        if (index >= 0)
        {
            _metadata[index] = new(key, value);
        }
        else
        {
            _metadata.Add(new(key, value));
        }
    }

    /// <summary>Declares a graph input with the given shape.</summary>
    /// <returns>The input name.</returns>
    /// <exception cref="ArgumentException">When the name is already used.</exception>
    public string AddInput(string name, OnnxElementType elementType, params OnnxDimension[] shape)
    {
        Define(name);
        _graph.Input.Add(ValueInfo(name, elementType, shape));
        return name;
    }

    /// <summary>Declares a graph input of shape [batch, featureShape...] with the symbolic dimension <see cref="BatchDimensionName"/>.</summary>
    /// <returns>The input name.</returns>
    public string AddBatchedInput(string name, OnnxElementType elementType, params long[] featureShape) =>
        AddInput(name, elementType, Batched(featureShape));

    /// <summary>Declares a graph output; the value must already be produced by a node (or be an input or initializer).</summary>
    /// <exception cref="ArgumentException">When no value of that name exists or it is already an output.</exception>
    public void AddOutput(string name, OnnxElementType elementType, params OnnxDimension[] shape)
    {
        RequireDefined(name, "graph output");
        if (!_outputs.Add(name))
        {
            throw new ArgumentException($"'{name}' is already a graph output.", nameof(name));
        }

        _graph.Output.Add(ValueInfo(name, elementType, shape));
    }

    /// <summary>Declares a graph output of shape [batch, featureShape...] (<c>featureShape</c> empty: [batch]).</summary>
    public void AddBatchedOutput(string name, OnnxElementType elementType, params long[] featureShape) =>
        AddOutput(name, elementType, Batched(featureShape));

    /// <summary>Adds a float32 constant tensor of the given shape (empty shape: a scalar).</summary>
    /// <returns>The initializer name.</returns>
    /// <exception cref="ArgumentException">When the name is used or the value count does not match the shape.</exception>
    public string AddInitializer(string name, ReadOnlySpan<float> values, params long[] shape)
    {
        CheckCount(name, values.Length, shape);
        var bytes = new byte[checked(values.Length * sizeof(float))];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        AddTensor(name, OnnxElementType.Float, bytes, shape);
        return name;
    }

    /// <summary>Adds an int64 constant tensor of the given shape (empty shape: a scalar).</summary>
    /// <returns>The initializer name.</returns>
    /// <exception cref="ArgumentException">When the name is used or the value count does not match the shape.</exception>
    public string AddInitializer(string name, ReadOnlySpan<long> values, params long[] shape)
    {
        CheckCount(name, values.Length, shape);
        var bytes = new byte[checked(values.Length * sizeof(long))];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
        }

        AddTensor(name, OnnxElementType.Int64, bytes, shape);
        return name;
    }

    /// <summary>Adds a float32 scalar constant.</summary>
    public string AddScalar(string name, float value) => AddInitializer(name, [value]);

    /// <summary>Adds an int64 scalar constant.</summary>
    public string AddScalar(string name, long value) => AddInitializer(name, [value]);

    /// <summary>Adds a float32 1-D constant of shape [values.Length].</summary>
    public string AddVector(string name, ReadOnlySpan<float> values) => AddInitializer(name, values, values.Length);

    /// <summary>Adds an int64 1-D constant of shape [values.Length].</summary>
    public string AddVector(string name, ReadOnlySpan<long> values) => AddInitializer(name, values, values.Length);

    /// <summary>
    /// Adds any default-domain operator node. Inputs must already be defined (an empty string marks an omitted
    /// optional input); outputs must be new names.
    /// </summary>
    /// <param name="opType">Operator name, e.g. <c>"Gemm"</c>.</param>
    /// <param name="inputs">Input value names in operator order.</param>
    /// <param name="outputs">Output value names to define.</param>
    /// <param name="attributes">Operator attributes, or null.</param>
    /// <param name="nodeName">Node name, or null for a generated one.</param>
    /// <exception cref="ArgumentException">When an input is undefined or an output name is taken.</exception>
    public void AddNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IReadOnlyList<OnnxAttribute>? attributes = null, string? nodeName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count == 0)
        {
            throw new ArgumentException($"A {opType} node needs at least one output.", nameof(outputs));
        }

        foreach (string input in inputs)
        {
            ArgumentNullException.ThrowIfNull(input, nameof(inputs));
            if (input.Length > 0)
            {
                RequireDefined(input, $"input of {opType}");
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string output in outputs)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(output, nameof(outputs));
            if (_values.Contains(output) || !seen.Add(output))
            {
                throw new ArgumentException($"The {opType} output name '{output}' is already used.", nameof(outputs));
            }
        }

        nodeName ??= FreshName(_nodeNames, opType);
        if (!_nodeNames.Add(nodeName))
        {
            throw new ArgumentException($"The node name '{nodeName}' is already used.", nameof(nodeName));
        }

        var node = new NodeProto { OpType = opType, Name = nodeName };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        if (attributes is not null)
        {
            foreach (OnnxAttribute attribute in attributes)
            {
                ArgumentNullException.ThrowIfNull(attribute, nameof(attributes));
                node.Attribute.Add(attribute.Proto.Clone());
            }
        }

        _values.UnionWith(outputs);
        _graph.Node.Add(node);
    }

    /// <summary>General matrix multiply: Y = alpha·A'·B' + beta·C with A' = Aᵀ when <paramref name="transA"/> (2-D A and B).</summary>
    public string Gemm(string a, string b, string? c = null, bool transA = false, bool transB = false, float alpha = 1f, float beta = 1f, string? output = null)
    {
        var attributes = new List<OnnxAttribute>();
        if (alpha != 1f)
        {
            attributes.Add(OnnxAttribute.Float("alpha", alpha));
        }

        if (beta != 1f)
        {
            attributes.Add(OnnxAttribute.Float("beta", beta));
        }

        if (transA)
        {
            attributes.Add(OnnxAttribute.Int("transA", 1));
        }

        if (transB)
        {
            attributes.Add(OnnxAttribute.Int("transB", 1));
        }

        string[] inputs = c is null ? [a, b] : [a, b, c];
        return Single("Gemm", inputs, output, attributes);
    }

    /// <summary>Matrix product with NumPy broadcasting.</summary>
    public string MatMul(string a, string b, string? output = null) => Single("MatMul", [a, b], output);

    /// <summary>Element-wise a + b (broadcasting).</summary>
    public string Add(string a, string b, string? output = null) => Single("Add", [a, b], output);

    /// <summary>Element-wise a − b (broadcasting).</summary>
    public string Sub(string a, string b, string? output = null) => Single("Sub", [a, b], output);

    /// <summary>Element-wise a · b (broadcasting).</summary>
    public string Mul(string a, string b, string? output = null) => Single("Mul", [a, b], output);

    /// <summary>Element-wise a / b (broadcasting).</summary>
    public string Div(string a, string b, string? output = null) => Single("Div", [a, b], output);

    /// <summary>max(0, x).</summary>
    public string Relu(string x, string? output = null) => Single("Relu", [x], output);

    /// <summary>tanh(x).</summary>
    public string Tanh(string x, string? output = null) => Single("Tanh", [x], output);

    /// <summary>1 / (1 + e^−x).</summary>
    public string Sigmoid(string x, string? output = null) => Single("Sigmoid", [x], output);

    /// <summary>e^x.</summary>
    public string Exp(string x, string? output = null) => Single("Exp", [x], output);

    /// <summary>Natural logarithm.</summary>
    public string Log(string x, string? output = null) => Single("Log", [x], output);

    /// <summary>−x.</summary>
    public string Neg(string x, string? output = null) => Single("Neg", [x], output);

    /// <summary>Copies x (used to give a value a second name, e.g. a graph output name).</summary>
    public string Identity(string x, string? output = null) => Single("Identity", [x], output);

    /// <summary>Softmax along <paramref name="axis"/> (opset ≥ 13 semantics: that axis only).</summary>
    public string Softmax(string x, long axis = -1, string? output = null) =>
        Single("Softmax", [x], output, [OnnxAttribute.Int("axis", axis)]);

    /// <summary>Index (int64) of the first maximum along <paramref name="axis"/>.</summary>
    public string ArgMax(string x, long axis = -1, bool keepDims = false, string? output = null) =>
        Single("ArgMax", [x], output, [OnnxAttribute.Int("axis", axis), OnnxAttribute.Int("keepdims", keepDims ? 1 : 0)]);

    /// <summary>Clamps x to [min, max]; a null bound is omitted. The bounds become float32 scalar initializers.</summary>
    public string Clip(string x, float? min, float? max, string? output = null)
    {
        string minName = min is { } lo ? AddScalar(FreshName(_values, "clip_min"), lo) : string.Empty;
        string maxName = max is { } hi ? AddScalar(FreshName(_values, "clip_max"), hi) : string.Empty;
        string[] inputs = maxName.Length > 0 ? [x, minName, maxName] : minName.Length > 0 ? [x, minName] : [x];
        return Single("Clip", inputs, output);
    }

    /// <summary>Converts x to <paramref name="to"/>.</summary>
    public string Cast(string x, OnnxElementType to, string? output = null) =>
        Single("Cast", [x], output, [OnnxAttribute.Int("to", (long)to)]);

    /// <summary>Inserts size-1 dimensions at <paramref name="axes"/> (the axes become an int64 initializer).</summary>
    public string Unsqueeze(string x, long[] axes, string? output = null)
    {
        ArgumentNullException.ThrowIfNull(axes);
        string axesName = AddVector(FreshName(_values, "unsqueeze_axes"), axes);
        return Single("Unsqueeze", [x, axesName], output);
    }

    /// <summary>Removes the size-1 dimensions at <paramref name="axes"/> (the axes become an int64 initializer).</summary>
    public string Squeeze(string x, long[] axes, string? output = null)
    {
        ArgumentNullException.ThrowIfNull(axes);
        string axesName = AddVector(FreshName(_values, "squeeze_axes"), axes);
        return Single("Squeeze", [x, axesName], output);
    }

    /// <summary>Broadcasts x to the shape held by the int64 tensor <paramref name="shape"/>.</summary>
    public string Expand(string x, string shape, string? output = null) => Single("Expand", [x, shape], output);

    /// <summary>The shape of x as a 1-D int64 tensor.</summary>
    public string Shape(string x, string? output = null) => Single("Shape", [x], output);

    /// <summary>Picks the entries of <paramref name="x"/> at the int64 <paramref name="indices"/> along <paramref name="axis"/>.</summary>
    public string Gather(string x, string indices, long axis = 0, string? output = null) =>
        Single("Gather", [x, indices], output, [OnnxAttribute.Int("axis", axis)]);

    /// <summary>Concatenates the inputs along <paramref name="axis"/>.</summary>
    public string Concat(IReadOnlyList<string> inputs, long axis, string? output = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Single("Concat", inputs, output, [OnnxAttribute.Int("axis", axis)]);
    }

    /// <summary>Layer normalization over the trailing axes from <paramref name="axis"/> (requires opset 17).</summary>
    /// <exception cref="InvalidOperationException">When the builder's opset is below 17.</exception>
    public string LayerNormalization(string x, string scale, string? bias = null, long axis = -1, float epsilon = 1e-5f, string? output = null)
    {
        if (OpsetVersion < 17)
        {
            throw new InvalidOperationException($"LayerNormalization needs opset 17; this builder imports opset {OpsetVersion}.");
        }

        string[] inputs = bias is null ? [x, scale] : [x, scale, bias];
        return Single("LayerNormalization", inputs, output, [OnnxAttribute.Int("axis", axis), OnnxAttribute.Float("epsilon", epsilon)]);
    }

    /// <summary>
    /// Appends a multilayer perceptron: for each layer, <c>Gemm(x, W, b)</c> (with <c>transB = 1</c> for
    /// <see cref="OnnxWeightLayout.OutputMajor"/> weights) followed by its activation. The weights and biases
    /// become initializers named <c>{namePrefix}.{i}.weight</c> and <c>{namePrefix}.{i}.bias</c>.
    /// </summary>
    /// <param name="input">A 2-D float tensor [batch, layers[0].InputSize].</param>
    /// <param name="layers">The layers in order; each layer's input size must equal the previous layer's output size.</param>
    /// <param name="namePrefix">Prefix for initializer and intermediate names, e.g. <c>"actor"</c>.</param>
    /// <param name="output">Name of the final value, or null for a generated one.</param>
    /// <returns>The name of the last layer's output, [batch, layers[^1].OutputSize].</returns>
    /// <exception cref="ArgumentException">When there are no layers, the sizes do not chain, or a name is taken.</exception>
    public string AppendMlp(string input, IReadOnlyList<OnnxDenseLayer> layers, string namePrefix, string? output = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentException.ThrowIfNullOrWhiteSpace(namePrefix);
        if (layers.Count == 0)
        {
            throw new ArgumentException("An MLP needs at least one layer.", nameof(layers));
        }

        for (int i = 1; i < layers.Count; i++)
        {
            if (layers[i].InputSize != layers[i - 1].OutputSize)
            {
                throw new ArgumentException(
                    $"MLP '{namePrefix}': layer {i} takes {layers[i].InputSize} inputs but layer {i - 1} produces {layers[i - 1].OutputSize}.",
                    nameof(layers));
            }
        }

        RequireDefined(input, $"input of MLP '{namePrefix}'");
        string x = input;
        for (int i = 0; i < layers.Count; i++)
        {
            OnnxDenseLayer layer = layers[i];
            bool last = i == layers.Count - 1;
            string layerName = string.Create(CultureInfo.InvariantCulture, $"{namePrefix}.{i}");
            long[] weightShape = layer.Layout == OnnxWeightLayout.OutputMajor
                ? [layer.OutputSize, layer.InputSize]
                : [layer.InputSize, layer.OutputSize];
            string w = AddInitializer(layerName + ".weight", layer.Weights, weightShape);
            string? b = layer.Bias is null ? null : AddVector(layerName + ".bias", layer.Bias);
            bool hasActivation = layer.Activation != OnnxActivation.None;
            string? gemmOutput = last && !hasActivation ? output : null;
            x = Gemm(x, w, b, transB: layer.Layout == OnnxWeightLayout.OutputMajor, output: gemmOutput ?? FreshName(_values, layerName + ".linear"));
            if (hasActivation)
            {
                string activationOutput = (last ? output : null) ?? FreshName(_values, layerName + "." + layer.Activation.ToString().ToLowerInvariant());
                x = layer.Activation switch
                {
                    OnnxActivation.Relu => Relu(x, activationOutput),
                    OnnxActivation.Tanh => Tanh(x, activationOutput),
                    OnnxActivation.Sigmoid => Sigmoid(x, activationOutput),
                    _ => throw new ArgumentException($"Unsupported activation {layer.Activation}.", nameof(layers)),
                };
            }
        }

        return x;
    }

    /// <summary>
    /// Appends observation normalization (x − mean) / std as <c>Sub</c> then <c>Div</c> (float32, the same
    /// operations in the same order as the C# normalizer), optionally followed by <c>Clip</c> to [−clip, clip].
    /// </summary>
    /// <param name="input">A float tensor [batch, mean.Length].</param>
    /// <param name="mean">Per-feature mean.</param>
    /// <param name="std">Per-feature standard deviation (already including any epsilon); each must be finite and &gt; 0.</param>
    /// <param name="namePrefix">Prefix for the initializer names (<c>{namePrefix}.mean</c>, <c>{namePrefix}.std</c>).</param>
    /// <param name="clip">When set, the normalized value is clamped to [−clip, clip].</param>
    /// <param name="output">Name of the normalized value, or null for a generated one.</param>
    /// <returns>The normalized value's name.</returns>
    /// <exception cref="ArgumentException">When the lengths differ or a statistic is not usable.</exception>
    public string AppendNormalization(string input, ReadOnlySpan<float> mean, ReadOnlySpan<float> std, string namePrefix, float? clip = null, string? output = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namePrefix);
        var errors = new List<string>();
        if (mean.Length == 0 || mean.Length != std.Length)
        {
            errors.Add($"mean has {mean.Length} values and std has {std.Length}; both need the observation width (> 0)");
        }

        for (int i = 0; i < mean.Length; i++)
        {
            if (!float.IsFinite(mean[i]))
            {
                errors.Add($"mean[{i}] is {mean[i]}");
            }
        }

        for (int i = 0; i < std.Length; i++)
        {
            if (!float.IsFinite(std[i]) || std[i] <= 0f)
            {
                errors.Add($"std[{i}] is {std[i]} (must be finite and > 0)");
            }
        }

        if (clip is { } c && (!float.IsFinite(c) || c <= 0f))
        {
            errors.Add($"clip is {c} (must be finite and > 0)");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException($"Normalization '{namePrefix}': " + string.Join("; ", errors) + ".");
        }

        string meanName = AddVector(namePrefix + ".mean", mean);
        string stdName = AddVector(namePrefix + ".std", std);
        string centered = Sub(input, meanName, FreshName(_values, namePrefix + ".centered"));
        if (clip is not { } bound)
        {
            return Div(centered, stdName, output);
        }

        string scaled = Div(centered, stdName, FreshName(_values, namePrefix + ".scaled"));
        return Clip(scaled, -bound, bound, output);
    }

    /// <summary>
    /// Appends the map from a policy action a ∈ [−1, 1] to environment units: low + (a + 1)·((high − low)/2),
    /// as <c>Add</c>, <c>Mul</c>, <c>Add</c> (the halved range is an exact power-of-two scaling of the float32
    /// range, so this equals low + (a + 1)/2·(high − low) evaluated in float32).
    /// </summary>
    /// <param name="input">A float tensor [batch, low.Length] of actions in [−1, 1].</param>
    /// <param name="low">Per-dimension lower bounds.</param>
    /// <param name="high">Per-dimension upper bounds (≥ low).</param>
    /// <param name="namePrefix">Prefix for the initializer names.</param>
    /// <param name="output">Name of the unscaled action, or null for a generated one.</param>
    /// <returns>The unscaled action's name.</returns>
    /// <exception cref="ArgumentException">When the lengths differ or the bounds are not finite with low ≤ high.</exception>
    public string AppendActionUnscaling(string input, ReadOnlySpan<float> low, ReadOnlySpan<float> high, string namePrefix, string? output = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namePrefix);
        var errors = new List<string>();
        if (low.Length == 0 || low.Length != high.Length)
        {
            errors.Add($"low has {low.Length} values and high has {high.Length}; both need the action width (> 0)");
        }

        var halfRange = new float[Math.Min(low.Length, high.Length)];
        for (int i = 0; i < halfRange.Length; i++)
        {
            if (!float.IsFinite(low[i]) || !float.IsFinite(high[i]) || low[i] > high[i])
            {
                errors.Add($"bounds[{i}] are [{low[i]}, {high[i]}] (must be finite with low <= high)");
            }

            halfRange[i] = (high[i] - low[i]) * 0.5f;
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException($"Action unscaling '{namePrefix}': " + string.Join("; ", errors) + ".");
        }

        string one = AddScalar(FreshName(_values, namePrefix + ".one"), 1f);
        string half = AddVector(namePrefix + ".half_range", halfRange);
        string lowName = AddVector(namePrefix + ".low", low);
        string shifted = Add(input, one, FreshName(_values, namePrefix + ".shifted"));
        string scaled = Mul(shifted, half, FreshName(_values, namePrefix + ".scaled"));
        return Add(scaled, lowName, output);
    }

    /// <summary>
    /// Appends a constant row repeated for every batch entry of <paramref name="batchSource"/>: the result has shape
    /// [batch, values.Length] (for example a state-independent <c>ActionLogStd</c>). Built as
    /// <c>Expand(values, Concat(Gather(Shape(batchSource), [0]), [n]))</c>, so it works for any batch size.
    /// </summary>
    /// <param name="batchSource">Any value whose first dimension is the batch (usually the observation input).</param>
    /// <param name="values">The row to repeat.</param>
    /// <param name="namePrefix">Prefix for the initializer names.</param>
    /// <param name="output">Name of the result, or null for a generated one.</param>
    /// <returns>The result's name.</returns>
    /// <exception cref="ArgumentException">When <paramref name="values"/> is empty.</exception>
    public string AppendBatchBroadcast(string batchSource, ReadOnlySpan<float> values, string namePrefix, string? output = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namePrefix);
        if (values.IsEmpty)
        {
            throw new ArgumentException($"Batch broadcast '{namePrefix}': the row is empty.", nameof(values));
        }

        RequireDefined(batchSource, $"batch source of '{namePrefix}'");
        string row = AddVector(namePrefix + ".row", values);
        string zero = AddVector(FreshName(_values, namePrefix + ".batch_axis"), [0L]);
        string width = AddVector(FreshName(_values, namePrefix + ".width"), [(long)values.Length]);
        string shape = Shape(batchSource, FreshName(_values, namePrefix + ".source_shape"));
        string batch = Gather(shape, zero, 0, FreshName(_values, namePrefix + ".batch"));
        string target = Concat([batch, width], 0, FreshName(_values, namePrefix + ".shape"));
        return Expand(row, target, output);
    }

    /// <summary>
    /// Appends a categorical head on logits [batch, n]: <c>Softmax</c> (axis −1) for the probabilities and
    /// <c>ArgMax</c> (axis −1, keepdims 0, first maximum) over the logits for the int64 action [batch].
    /// </summary>
    /// <param name="logits">A float tensor [batch, n].</param>
    /// <param name="probabilitiesOutput">Name for the probabilities (e.g. <c>"ActionProbabilities"</c>).</param>
    /// <param name="actionOutput">Name for the chosen action (e.g. <c>"PredictedAction"</c>).</param>
    /// <returns>The probabilities' and the action's names.</returns>
    public (string Probabilities, string Action) AppendCategoricalHead(string logits, string? probabilitiesOutput = null, string? actionOutput = null)
    {
        string probabilities = Softmax(logits, -1, probabilitiesOutput);
        string action = ArgMax(logits, -1, keepDims: false, actionOutput);
        return (probabilities, action);
    }

    /// <summary>Serializes the model to ONNX bytes.</summary>
    /// <exception cref="InvalidOperationException">When the graph has no outputs.</exception>
    public byte[] ToArray() => Build().ToByteArray();

    /// <summary>
    /// Writes the model to <paramref name="path"/> atomically: the bytes go to a temporary file in the same folder,
    /// which is then renamed over the target, so a reader never sees a half-written model. Creates the folder.
    /// </summary>
    /// <exception cref="InvalidOperationException">When the graph has no outputs.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes = ToArray();
        Data.AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>A snapshot of the model as the generated protobuf message.</summary>
    internal ModelProto Build()
    {
        if (_graph.Output.Count == 0)
        {
            throw new InvalidOperationException($"Graph '{GraphName}' has no outputs; call AddOutput before writing it.");
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName ?? string.Empty,
            ProducerVersion = ProducerVersion ?? string.Empty,
            DocString = Description ?? string.Empty,
            Graph = _graph.Clone(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        foreach (KeyValuePair<string, string> pair in _metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = pair.Key, Value = pair.Value });
        }

        return model;
    }

    private string Single(string opType, IReadOnlyList<string> inputs, string? output, IReadOnlyList<OnnxAttribute>? attributes = null)
    {
        output ??= FreshName(_values, opType.ToLowerInvariant());
        AddNode(opType, inputs, [output], attributes);
        return output;
    }

    private void AddTensor(string name, OnnxElementType type, byte[] littleEndianBytes, long[] shape)
    {
        Define(name);
        var tensor = new TensorProto
        {
            Name = name,
            DataType = (int)type,
            RawData = UnsafeByteOperations.UnsafeWrap(littleEndianBytes),
        };
        tensor.Dims.AddRange(shape);
        _graph.Initializer.Add(tensor);
    }

    private static void CheckCount(string name, int count, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long expected = 1;
        foreach (long dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"Initializer '{name}': dimension {dimension} is negative.", nameof(shape));
            }

            expected = checked(expected * dimension);
        }

        if (expected != count)
        {
            throw new ArgumentException(
                $"Initializer '{name}' has {count} values but shape [{string.Join(", ", shape)}] holds {expected}.",
                nameof(shape));
        }
    }

    private void Define(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_values.Add(name))
        {
            throw new ArgumentException($"The value name '{name}' is already used in graph '{GraphName}'.", nameof(name));
        }
    }

    private void RequireDefined(string name, string role)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_values.Contains(name))
        {
            throw new ArgumentException($"The {role} '{name}' is not defined in graph '{GraphName}' (add it as an input, initializer or node output first).");
        }
    }

    private string FreshName(HashSet<string> taken, string stem)
    {
        string name;
        do
        {
            name = string.Create(CultureInfo.InvariantCulture, $"{stem}_{_counter++}");
        }
        while (taken.Contains(name) || _values.Contains(name));
        return name;
    }

    private static OnnxDimension[] Batched(long[] featureShape)
    {
        ArgumentNullException.ThrowIfNull(featureShape);
        var shape = new OnnxDimension[featureShape.Length + 1];
        shape[0] = OnnxDimension.Symbolic(BatchDimensionName);
        for (int i = 0; i < featureShape.Length; i++)
        {
            shape[i + 1] = OnnxDimension.Fixed(featureShape[i]);
        }

        return shape;
    }

    private static ValueInfoProto ValueInfo(string name, OnnxElementType elementType, OnnxDimension[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (elementType is OnnxElementType.Undefined || !Enum.IsDefined(elementType))
        {
            throw new ArgumentException($"'{name}' needs a defined element type (was {elementType}).", nameof(elementType));
        }

        var tensorShape = new TensorShapeProto();
        foreach (OnnxDimension dimension in shape)
        {
            tensorShape.Dim.Add(dimension.IsSymbolic
                ? new TensorShapeProto.Types.Dimension { DimParam = dimension.Name }
                : new TensorShapeProto.Types.Dimension { DimValue = dimension.Size ?? 0 });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = tensorShape } },
        };
    }

    private static string LibraryVersion()
    {
        string? version = typeof(OnnxGraphBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(version))
        {
            return typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        }

        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 ? version[..plus] : version;
    }
}
