namespace OfflineRl.MLNet.Nn;

/// <summary>
/// A multilayer perceptron with explicit forward and backward passes over pre-allocated buffers (no autograd, no
/// allocation per call). All parameters — every layer's W then b, and LayerNorm γ, β — are one contiguous slice of a
/// float array, with gradients at the same offsets of a second array, so an optimiser step, a Polyak update or a copy
/// is one span operation. <see cref="Forward"/> caches what <see cref="Backward"/> needs; gradients accumulate until
/// <see cref="ZeroGradients"/>. With ReLU and neither LayerNorm nor dropout, bias and ReLU run inside the forward GEMM
/// and the ReLU backward inside the backward GEMM.
/// </summary>
/// <remarks>An instance is not thread-safe: its buffers belong to one caller at a time.</remarks>
internal sealed class Mlp
{
    private readonly float[] _parameters;
    private readonly float[] _gradients;
    private readonly Linear[] _layers;
    private readonly LayerNorm?[] _norms;
    private readonly Dropout?[] _dropouts;
    private readonly bool _fused;
    private readonly float[] _input;
    private readonly float[][] _linear;
    private readonly float[]?[] _normalized;
    private readonly float[][] _activated;
    private readonly float[][] _hidden;
    private readonly float[] _output;
    private readonly Action _forwardFirstRows;
    private readonly Action _forwardSecondRows;
    private readonly Action _backwardFirstRows;
    private readonly Action _backwardSecondRows;
    private int _lastBatch;
    private readonly float[] _outputGradient;
    private float[]? _shardGradients;
    private Linear[]? _shardLayers;
    private readonly int _maxWidth;
    private bool _shardAccumulate;
    private float[]? _evaluation;
    private Mlp? _evaluator;

    [ThreadStatic]
    private static float[]? t_scratchA;

    [ThreadStatic]
    private static float[]? t_scratchB;

    /// <summary>Creates a network that owns its parameter and gradient arrays (parameters zero until <see cref="Initialize"/>).</summary>
    public Mlp(MlpOptions options, int maxBatch, NnRandom? dropoutRandom = null)
        : this(options, maxBatch, new float[CountParameters(options)], new float[CountParameters(options)], 0, dropoutRandom)
    {
    }

    /// <summary>
    /// Creates a network whose parameters live in <paramref name="parameters"/> (gradients in <paramref name="gradients"/>)
    /// from <paramref name="offset"/>, for batches of up to <paramref name="maxBatch"/> rows.
    /// </summary>
    /// <param name="options">Shape of the network.</param>
    /// <param name="maxBatch">Largest batch; sizes the activation buffers.</param>
    /// <param name="parameters">Parameter array (shared with other parts of a model if desired).</param>
    /// <param name="gradients">Gradient array, same layout.</param>
    /// <param name="offset">Where this network's slice starts.</param>
    /// <param name="dropoutRandom">Random source for dropout masks; required when <see cref="MlpOptions.DropoutRate"/> &gt; 0.</param>
    public Mlp(MlpOptions options, int maxBatch, float[] parameters, float[] gradients, int offset, NnRandom? dropoutRandom = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        var count = CountParameters(options);
        if (offset < 0 || parameters.Length < offset + count || gradients.Length < offset + count)
        {
            throw new ArgumentException($"The network needs {count} parameters from offset {offset}; the arrays are too short.");
        }

        if (options.DropoutRate > 0f && dropoutRandom is null)
        {
            throw new ArgumentException("A dropout rate above 0 needs a random source for the masks.", nameof(dropoutRandom));
        }

        Options = options;
        MaxBatch = maxBatch;
        Offset = offset;
        ParameterCount = count;
        _parameters = parameters;
        _gradients = gradients;
        var hidden = options.HiddenSizes;
        var depth = hidden.Count + 1;
        _layers = new Linear[depth];
        _norms = new LayerNorm?[depth - 1];
        _dropouts = new Dropout?[depth - 1];
        _fused = options.HiddenActivation == Activation.Relu && !options.LayerNorm && options.DropoutRate == 0f;
        _input = new float[maxBatch * options.InputSize];
        _linear = new float[depth][];
        _normalized = new float[]?[depth - 1];
        _activated = new float[depth - 1][];
        _hidden = new float[depth - 1][];
        var at = offset;
        var width = options.InputSize;
        var maxWidth = width;
        for (var l = 0; l < depth; l++)
        {
            var outWidth = l < hidden.Count ? hidden[l] : options.OutputSize;
            maxWidth = Math.Max(maxWidth, outWidth);
            _layers[l] = new Linear(width, outWidth, parameters, gradients, at);
            at += _layers[l].ParameterCount;
            if (l < hidden.Count)
            {
                _linear[l] = new float[maxBatch * outWidth];
                if (options.LayerNorm)
                {
                    _norms[l] = new LayerNorm(outWidth, maxBatch, parameters, gradients, at);
                    at += LayerNorm.CountParameters(outWidth);
                    _normalized[l] = new float[maxBatch * outWidth];
                }

                _activated[l] = _fused ? _linear[l] : new float[maxBatch * outWidth];
                if (options.DropoutRate > 0f)
                {
                    _dropouts[l] = new Dropout(options.DropoutRate, maxBatch * outWidth, dropoutRandom!.Fork());
                    _hidden[l] = new float[maxBatch * outWidth];
                }
                else
                {
                    _hidden[l] = _activated[l];
                }
            }

            width = outWidth;
        }

        _output = new float[maxBatch * options.OutputSize];
        _outputGradient = new float[maxBatch * options.OutputSize];
        _linear[depth - 1] = _output;
        _maxWidth = maxWidth;
        _forwardFirstRows = () => ForwardRows(0, _lastBatch / 2);
        _forwardSecondRows = () => ForwardRows(_lastBatch / 2, _lastBatch);
        _backwardFirstRows = () => BackwardRows(0, _lastBatch / 2, _layers, _shardAccumulate);
        _backwardSecondRows = BackwardSecondRows;
    }

    /// <summary>
    /// Whether a pass over a large batch may split its rows in two halves, one per thread, when
    /// <see cref="NnThreading.ThreadCount"/> is 2 or more (default true). Each half runs every layer on its own rows
    /// (one fork/join per pass instead of one per product); the weight gradients of the second half are summed into
    /// the first's. Applies to ReLU networks without LayerNorm or dropout. The split is decided by the thread count
    /// alone, so the same seed and thread count still give the same bits; 1 and 2 threads differ in the order the
    /// batch's gradient terms are added. Turn it off where the caller already runs whole networks side by side.
    /// </summary>
    public bool RowSharding { get; set; } = true;

    /// <summary>Batches of at least this many rows are split when <see cref="RowSharding"/> applies.</summary>
    internal const int MinShardedBatch = 64;

    /// <summary>Shape of the network.</summary>
    public MlpOptions Options { get; }

    /// <summary>Largest batch the buffers hold.</summary>
    public int MaxBatch { get; }

    /// <summary>Offset of this network's slice in the parameter and gradient arrays.</summary>
    public int Offset { get; }

    /// <summary>Number of parameters.</summary>
    public int ParameterCount { get; }

    /// <summary>This network's parameters, one contiguous span.</summary>
    public Span<float> Parameters => _parameters.AsSpan(Offset, ParameterCount);

    /// <summary>This network's accumulated gradients, same layout as <see cref="Parameters"/>.</summary>
    public Span<float> Gradients => _gradients.AsSpan(Offset, ParameterCount);

    /// <summary>The linear layers, input first.</summary>
    public IReadOnlyList<Linear> Layers => _layers;

    /// <summary>The LayerNorms (one per hidden layer, null where absent).</summary>
    public IReadOnlyList<LayerNorm?> Norms => _norms;

    /// <summary>Output of the last <see cref="Forward"/>: batch × <see cref="MlpOptions.OutputSize"/>.</summary>
    public ReadOnlySpan<float> Output => _output.AsSpan(0, _lastBatch * Options.OutputSize);

    /// <summary>Parameters of a network of this shape.</summary>
    public static int CountParameters(MlpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var count = 0;
        var width = options.InputSize;
        foreach (var h in options.HiddenSizes)
        {
            count += Linear.CountParameters(width, h) + (options.LayerNorm ? LayerNorm.CountParameters(h) : 0);
            width = h;
        }

        return checked(count + Linear.CountParameters(width, options.OutputSize));
    }

    /// <summary>Draws all parameters from <paramref name="random"/>, layer by layer in order (same seed → same bits).</summary>
    public void Initialize(NnRandom random, MlpInitialization initialization = MlpInitialization.PyTorchDefault)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var l = 0; l < _layers.Length; l++)
        {
            if (initialization == MlpInitialization.Orthogonal)
            {
                var gain = l == _layers.Length - 1 ? Options.OutputGain : MathF.Sqrt(2f);
                _layers[l].InitializeOrthogonal(random, gain);
            }
            else
            {
                _layers[l].InitializePyTorchDefault(random);
            }

            if (l < _norms.Length)
            {
                _norms[l]?.ResetParameters();
            }
        }
    }

    /// <summary>Sets every gradient to 0.</summary>
    public void ZeroGradients() => Gradients.Clear();

    /// <summary>
    /// Runs the network on <paramref name="batch"/> rows of <paramref name="input"/> (row-major, batch × input size) and
    /// returns the output buffer (valid until the next call). <paramref name="training"/> enables dropout.
    /// </summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch, bool training = false)
    {
        CheckInput(input, batch);
        var inWidth = Options.InputSize;

        input.Slice(0, batch * inWidth).CopyTo(_input);
        if (SplitsRows(batch))
        {
            _lastBatch = batch;
            ParallelWorkers.Invoke(_forwardFirstRows, _forwardSecondRows, NnThreading.ThreadCount);
            return _output.AsSpan(0, batch * Options.OutputSize);
        }

        ReadOnlySpan<float> x = _input.AsSpan(0, batch * inWidth);
        for (var l = 0; l < _layers.Length - 1; l++)
        {
            var layer = _layers[l];
            var n = batch * layer.OutFeatures;
            var z = _linear[l].AsSpan(0, n);
            layer.Forward(x, z, batch, _fused ? GemmActivation.Relu : GemmActivation.None);
            if (!_fused)
            {
                ReadOnlySpan<float> t = z;
                if (_norms[l] is { } norm)
                {
                    var nz = _normalized[l]!.AsSpan(0, n);
                    norm.Forward(z, nz, batch);
                    t = nz;
                }

                var a = _activated[l].AsSpan(0, n);
                Apply(Options.HiddenActivation, t, a);
                _dropouts[l]?.Forward(a, _hidden[l].AsSpan(0, n), training);
            }

            x = _hidden[l].AsSpan(0, n);
        }

        var y = _output.AsSpan(0, batch * Options.OutputSize);
        ForwardOutput(x, y, batch);
        _lastBatch = batch;
        return y;
    }

    /// <summary>
    /// Runs the network on <paramref name="batch"/> rows for inference only and returns the output (valid until the
    /// next <see cref="Evaluate"/> on this network). Same values as <see cref="Forward"/> without dropout, but what a
    /// later <see cref="Backward"/> needs from the last <see cref="Forward"/> is left untouched, and the hidden
    /// activations of ReLU networks go to scratch memory the calling thread reuses for every network (the cheap way to
    /// run target and next-state networks each step).
    /// </summary>
    public ReadOnlySpan<float> Evaluate(ReadOnlySpan<float> input, int batch)
    {
        CheckInput(input, batch);
        var inWidth = Options.InputSize;

        if (!_fused)
        {
            // LayerNorm and dropout keep per-pass state: a second network over the same parameters keeps it apart.
            _evaluator ??= new Mlp(Options, MaxBatch, _parameters, _gradients, Offset, Options.DropoutRate > 0f ? new NnRandom(0) : null);
            return _evaluator.Forward(input, batch);
        }

        var (current, spare) = Scratch();
        ReadOnlySpan<float> x = input.Slice(0, batch * inWidth);
        for (var l = 0; l < _layers.Length - 1; l++)
        {
            var layer = _layers[l];
            var z = current.AsSpan(0, batch * layer.OutFeatures);
            layer.Forward(x, z, batch, GemmActivation.Relu);
            x = z;
            (current, spare) = (spare, current);
        }

        _evaluation ??= new float[MaxBatch * Options.OutputSize];
        var y = _evaluation.AsSpan(0, batch * Options.OutputSize);
        ForwardOutput(x, y, batch);
        return y;
    }

    /// <summary>
    /// Backward pass of the last <see cref="Forward"/> (same <paramref name="batch"/>): accumulates parameter gradients
    /// from dOutput (or, with <paramref name="accumulate"/> false, overwrites them: the same as
    /// <see cref="ZeroGradients"/> first, without a separate pass over the gradients) and, when
    /// <paramref name="inputGradient"/> is not empty, writes dInput (batch × input size). With
    /// <paramref name="parameterGradients"/> false it only writes dInput (the gradients of the weights are left as they
    /// are, LayerNorm's excepted): the cheap way to differentiate through a network one does not train at that moment.
    /// </summary>
    public void Backward(ReadOnlySpan<float> outputGradient, int batch, Span<float> inputGradient = default, bool accumulate = true, bool parameterGradients = true)
    {
        if (batch != _lastBatch)
        {
            throw new InvalidOperationException($"Backward for batch {batch} follows a forward pass of batch {_lastBatch}.");
        }

        var outN = batch * Options.OutputSize;
        if (outputGradient.Length < outN)
        {
            throw new ArgumentException($"Output gradient has {outputGradient.Length} values; expected {outN}.", nameof(outputGradient));
        }

        if (!inputGradient.IsEmpty && inputGradient.Length < batch * Options.InputSize)
        {
            throw new ArgumentException("Input gradient span is too short.", nameof(inputGradient));
        }

        if (!accumulate && !_fused && parameterGradients)
        {
            // LayerNorm's parameters accumulate in a pass of their own: clear everything, then accumulate.
            ZeroGradients();
            accumulate = true;
        }

        ReadOnlySpan<float> g = outputGradient.Slice(0, outN);
        var (current, spare) = Scratch();
        if (Options.OutputActivation != Activation.None)
        {
            var dz = current.AsSpan(0, outN);
            Backprop(Options.OutputActivation, _output.AsSpan(0, outN), g, dz);
            g = dz;
            (current, spare) = (spare, current);
        }

        if (!parameterGradients && inputGradient.IsEmpty)
        {
            throw new ArgumentException("A backward pass without parameter gradients needs an input gradient span.", nameof(inputGradient));
        }

        if (inputGradient.IsEmpty && SplitsRows(batch))
        {
            // The halves read their rows of dOutput (after the output activation) from a buffer of its own and write
            // their dX blocks into disjoint regions of the ping-pong buffers (rows × the widest layer each).
            g.CopyTo(_outputGradient);
            _shardAccumulate = accumulate;
            ParallelWorkers.Invoke(_backwardFirstRows, _backwardSecondRows, NnThreading.ThreadCount);
            System.Numerics.Tensors.TensorPrimitives.Add(Gradients, _shardGradients.AsSpan(Offset, ParameterCount), Gradients);
            return;
        }

        for (var l = _layers.Length - 1; l >= 0; l--)
        {
            var layer = _layers[l];
            ReadOnlySpan<float> x = l == 0 ? _input.AsSpan(0, batch * layer.InFeatures) : _hidden[l - 1].AsSpan(0, batch * layer.InFeatures);
            if (l == 0)
            {
                layer.Backward(x, g, batch, inputGradient, default, accumulate, parameterGradients);
                break;
            }

            var n = batch * layer.InFeatures;
            var dx = current.AsSpan(0, n);
            layer.Backward(x, g, batch, dx, _fused ? x : default, accumulate, parameterGradients);
            if (!_fused)
            {
                var h = l - 1;
                _dropouts[h]?.Backward(dx, dx);
                Backprop(Options.HiddenActivation, _activated[h].AsSpan(0, n), dx, dx);
                _norms[h]?.Backward(_linear[h].AsSpan(0, n), dx, dx, batch);
            }

            g = dx;
            (current, spare) = (spare, current);
        }
    }

    /// <summary>
    /// True when <see cref="ForwardPart"/> is available: ReLU hidden layers without LayerNorm or dropout (rows are
    /// then independent through the whole network).
    /// </summary>
    internal bool SupportsForwardParts => _fused;

    /// <summary>
    /// Rows [<paramref name="from"/>, <paramref name="to"/>) of <c>Forward(input, batch)</c>: calls that together cover
    /// [0, batch) leave the network exactly as one <see cref="Forward"/> would (same bits, ready for
    /// <see cref="Backward"/>), and calls on disjoint rows may run at the same time on different threads.
    /// Requires <see cref="SupportsForwardParts"/>.
    /// </summary>
    internal void ForwardPart(ReadOnlySpan<float> input, int batch, int from, int to)
    {
        if (!_fused)
        {
            throw new InvalidOperationException("Forward in parts needs ReLU hidden layers without LayerNorm or dropout.");
        }

        CheckInput(input, batch);
        if (from < 0 || to > batch || from >= to)
        {
            throw new ArgumentOutOfRangeException(nameof(from), $"Rows [{from}, {to}) are not a non-empty part of a batch of {batch}.");
        }

        var width = Options.InputSize;

        input.Slice(from * width, (to - from) * width).CopyTo(_input.AsSpan(from * width));
        ForwardRows(from, to);
        _lastBatch = batch;
    }

    /// <summary>
    /// Rows [<paramref name="from"/>, <paramref name="to"/>) of <c>Backward(outputGradient, batch, accumulate: false)</c>
    /// after <see cref="ForwardPart"/> covered the batch: these rows' weight-gradient terms overwrite this network's
    /// slice of <see cref="Gradients"/>, or with <paramref name="intoShard"/> the same slice of
    /// <see cref="ShardGradients"/>. Two calls on disjoint rows, one into each array, may run at the same time on
    /// different threads; the batch's gradient is then the sum of the two arrays (what <see cref="Backward"/> computes
    /// when it splits rows itself). Requires <see cref="SupportsForwardParts"/>; no input gradient.
    /// </summary>
    internal void BackwardPart(ReadOnlySpan<float> outputGradient, int batch, int from, int to, bool intoShard)
    {
        if (!_fused)
        {
            throw new InvalidOperationException("Backward in parts needs ReLU hidden layers without LayerNorm or dropout.");
        }

        if (batch != _lastBatch || from < 0 || to > batch || from >= to)
        {
            throw new ArgumentOutOfRangeException(nameof(from), $"Rows [{from}, {to}) are not a non-empty part of the last forward pass's batch of {_lastBatch}.");
        }

        var width = Options.OutputSize;
        if (outputGradient.Length < batch * width)
        {
            throw new ArgumentException($"Output gradient has {outputGradient.Length} values; expected {batch * width}.", nameof(outputGradient));
        }

        var rows = to - from;
        var g = outputGradient.Slice(from * width, rows * width);
        var dz = _outputGradient.AsSpan(from * width, rows * width);
        Backprop(Options.OutputActivation, _output.AsSpan(from * width, rows * width), g, dz);
        BackwardRows(from, to, intoShard ? ShardLayers() : _layers, accumulate: false);
    }

    /// <summary>
    /// The second gradient array of a row-split backward pass, aligned with the whole gradient array this network's
    /// <see cref="Gradients"/> are a slice of (other networks' slices stay 0); see <see cref="BackwardPart"/>.
    /// </summary>
    internal ReadOnlySpan<float> ShardGradients
    {
        get
        {
            ShardLayers();
            return _shardGradients;
        }
    }

    /// <summary>
    /// Two ping-pong buffers (rows × the widest layer each) for the backward pass's dX and for the hidden activations
    /// of <see cref="Evaluate"/>, shared by every network the calling thread runs: one thread runs one such pass at a
    /// time and none keeps data there after it returns, and a buffer that every pass reuses stays in the core's cache
    /// where one per network would be fetched from memory again each step.
    /// </summary>
    private (float[] Current, float[] Spare) Scratch()
    {
        var needed = MaxBatch * _maxWidth;
        if (t_scratchA is null || t_scratchA.Length < needed)
        {
            t_scratchA = new float[needed];
            t_scratchB = new float[needed];
        }

        return (t_scratchA, t_scratchB!);
    }

    /// <summary>
    /// Whether a pass over <paramref name="batch"/> rows splits them between two threads under the current thread count
    /// (see <see cref="RowSharding"/>): <see cref="Forward"/> and <see cref="Backward"/> then do, and callers that run
    /// the halves themselves (<see cref="ForwardPart"/>, <see cref="BackwardPart"/>) follow the same rule.
    /// </summary>
    internal bool SplitsRows(int batch) =>
        RowSharding && _fused && batch >= MinShardedBatch && NnThreading.ThreadCount >= 2;

    /// <summary>The fused forward pass on rows [from, to) of the batch in <c>_input</c>.</summary>
    private void ForwardRows(int from, int to)
    {
        var rows = to - from;
        var width = Options.InputSize;
        ReadOnlySpan<float> x = _input.AsSpan(from * width, rows * width);
        for (var l = 0; l < _layers.Length - 1; l++)
        {
            var layer = _layers[l];
            var z = _linear[l].AsSpan(from * layer.OutFeatures, rows * layer.OutFeatures);
            layer.Forward(x, z, rows, GemmActivation.Relu);
            x = z;
        }

        ForwardOutput(x, _output.AsSpan(from * Options.OutputSize, rows * Options.OutputSize), rows);
    }

    /// <summary>The output layer and its activation: <c>y = act(x·W + b)</c> for <paramref name="rows"/> rows.</summary>
    private void ForwardOutput(ReadOnlySpan<float> x, Span<float> y, int rows)
    {
        _layers[^1].Forward(x, y, rows, Options.OutputActivation == Activation.Relu ? GemmActivation.Relu : GemmActivation.None);
        if (Options.OutputActivation == Activation.Tanh)
        {
            Tanh.Forward(y, y);
        }
    }

    /// <summary>Throws unless <paramref name="batch"/> is in [1, MaxBatch] and <paramref name="input"/> holds that many rows.</summary>
    private void CheckInput(ReadOnlySpan<float> input, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, MaxBatch);
        var width = Options.InputSize;
        if (input.Length < batch * width)
        {
            throw new ArgumentException($"Input has {input.Length} values; {batch} rows of {width} need {batch * width}.", nameof(input));
        }
    }

    /// <summary>The second half's backward pass, writing its terms into a gradient array of its own.</summary>
    private void BackwardSecondRows() => BackwardRows(_lastBatch / 2, _lastBatch, ShardLayers(), accumulate: false);

    /// <summary>Layers over the same weights whose gradients go to <see cref="ShardGradients"/> (made on first use).</summary>
    private Linear[] ShardLayers()
    {
        if (_shardLayers is null)
        {
            _shardGradients = new float[_gradients.Length];
            var layers = new Linear[_layers.Length];
            for (var l = 0; l < _layers.Length; l++)
            {
                layers[l] = new Linear(_layers[l].InFeatures, _layers[l].OutFeatures, _parameters, _shardGradients, _layers[l].Offset);
            }

            _shardLayers = layers;
        }

        return _shardLayers;
    }

    /// <summary>The fused backward pass on rows [from, to): dX row blocks and this block's weight-gradient terms.</summary>
    private void BackwardRows(int from, int to, Linear[] layers, bool accumulate)
    {
        var rows = to - from;
        var outWidth = Options.OutputSize;
        var (current, spare) = Scratch();
        ReadOnlySpan<float> g = _outputGradient.AsSpan(from * outWidth, rows * outWidth);
        for (var l = layers.Length - 1; l > 0; l--)
        {
            var layer = layers[l];
            var width = layer.InFeatures;
            ReadOnlySpan<float> x = _hidden[l - 1].AsSpan(from * width, rows * width);
            var dx = current.AsSpan(from * _maxWidth, rows * width);
            layer.Backward(x, g, rows, dx, x, accumulate);
            g = dx;
            (current, spare) = (spare, current);
        }

        var first = layers[0];
        first.Backward(_input.AsSpan(from * first.InFeatures, rows * first.InFeatures), g, rows, default, default, accumulate);
    }

    private static void Apply(Activation activation, ReadOnlySpan<float> x, Span<float> y)
    {
        switch (activation)
        {
            case Activation.Relu:
                Relu.Forward(x, y);
                break;
            case Activation.Tanh:
                Tanh.Forward(x, y);
                break;
            default:
                x.CopyTo(y);
                break;
        }
    }

    private static void Backprop(Activation activation, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        switch (activation)
        {
            case Activation.Relu:
                Relu.Backward(y, dy, dx);
                break;
            case Activation.Tanh:
                Tanh.Backward(y, dy, dx);
                break;
            default:
                dy.CopyTo(dx);
                break;
        }
    }
}
