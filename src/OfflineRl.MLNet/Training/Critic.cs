using System.Numerics.Tensors;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// N Q networks (heads; a twin critic is N = 2) with Polyak-averaged targets and one optimizer. Continuous actions:
/// Q(s, a) reads concat(s, a) and has one output. Discrete actions: Q(s) has one output per action and the wanted
/// action's value is gathered. Values for a backup or an actor are the minimum over the heads.
/// </summary>
internal sealed class Critic : ITrainable
{
    private readonly int _obsDim;
    private readonly int _actDim;
    private readonly int _batch;
    private readonly float[] _outputGradient;
    private Mlp[]? _probes;
    private float[] _probeOutputGradient = [], _probeInputGradient = [];
    private int[] _probeLowest = [];

    /// <summary>
    /// Creates the <paramref name="heads"/> Qs, initialized in order from <paramref name="random"/>; the targets start as
    /// copies. With <paramref name="layerNorm"/> each hidden Linear is followed by a LayerNorm (ReBRAC's critic). With
    /// <paramref name="chunkLength"/> h &gt; 1 (continuous actions) Q reads concat(s, a_{t:t+h}), the chunk flattened.
    /// </summary>
    public Critic(TrajectoryDataset data, IReadOnlyList<int> hiddenSizes, int batch, float learningRate, float targetRate, NnRandom random, bool layerNorm = false, int chunkLength = 1, int heads = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(heads, 1);
        Discrete = data.ActionSpace.IsDiscrete;
        _obsDim = data.ObservationDimension;
        _actDim = data.ActionSpace.Dimension * chunkLength;
        _batch = batch;
        InputSize = Discrete ? _obsDim : _obsDim + _actDim;
        Outputs = Discrete ? data.ActionSpace.Count : 1;
        Network = new TrainedNetwork("q", new MlpOptions(InputSize, hiddenSizes.ToArray(), Outputs) { LayerNorm = layerNorm }, batch, learningRate, random, copies: heads, targetRate: targetRate);
        _outputGradient = new float[batch * Outputs];
    }

    public string Name => Network.Name;

    public Adam Optimizer => Network.Optimizer;

    /// <summary>The Qs' parameters and optimizer (and targets).</summary>
    public TrainedNetwork Network { get; }

    public bool Discrete { get; }

    /// <summary>Width of a Q input row.</summary>
    public int InputSize { get; }

    /// <summary>Outputs per row: 1, or one per discrete action.</summary>
    public int Outputs { get; }

    /// <summary>The Q networks, Q₁ first.</summary>
    public IReadOnlyList<Mlp> Heads => Network.Nets;

    /// <summary>A buffer for the Q inputs of one batch (continuous actions; discrete Q reads the observations themselves).</summary>
    public float[] NewInput() => Discrete ? [] : new float[_batch * InputSize];

    /// <summary>
    /// The Q input of (s, a) for the batch: the observations for discrete actions, else concat(s, a) written into
    /// <paramref name="buffer"/> (from <see cref="NewInput"/>).
    /// </summary>
    public ReadOnlySpan<float> Input(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, float[] buffer)
    {
        if (Discrete)
        {
            return observations.Slice(0, _batch * _obsDim);
        }

        for (var i = 0; i < _batch; i++)
        {
            observations.Slice(i * _obsDim, _obsDim).CopyTo(buffer.AsSpan(i * InputSize, _obsDim));
            actions.Slice(i * _actDim, _actDim).CopyTo(buffer.AsSpan(i * InputSize + _obsDim, _actDim));
        }

        return buffer;
    }

    /// <summary>The input <see cref="Input"/> wrote for <paramref name="observations"/> into <paramref name="buffer"/>, read again without copying.</summary>
    public ReadOnlySpan<float> Written(ReadOnlySpan<float> observations, float[] buffer) =>
        Discrete ? observations.Slice(0, _batch * _obsDim) : buffer;

    /// <summary>min over the target Qs at the batch's actions (<paramref name="actionIndices"/> for discrete Q) into <paramref name="destination"/>.</summary>
    public void MinOfTargets(ReadOnlySpan<float> input, ReadOnlySpan<int> actionIndices, Span<float> destination) =>
        MinOf(Network.Targets, input, actionIndices, destination);

    /// <summary>min over the online Qs at the batch's actions, for inference (what a backward pass needs stays untouched).</summary>
    public void MinOfOnline(ReadOnlySpan<float> input, ReadOnlySpan<int> actionIndices, Span<float> destination) =>
        MinOf(Network.Nets, input, actionIndices, destination);

    /// <summary>
    /// Half <paramref name="part"/> of the training forward pass of the Qs, balanced for two lanes: every Q but the last
    /// and the last one's first rows (part 0), the last one's other rows (part 1). When it cannot run in parts, part 0
    /// runs all of it.
    /// </summary>
    public void ForwardHalf(ReadOnlySpan<float> input, int part)
    {
        var last = Network.Nets[^1];
        var split = last.SupportsForwardParts;
        if (part == 0)
        {
            for (var h = 0; h < Network.Nets.Length - 1; h++)
            {
                Network.Nets[h].Forward(input, _batch);
            }

            if (split)
            {
                last.ForwardPart(input, _batch, 0, _batch / 2);
            }
            else
            {
                last.Forward(input, _batch);
            }
        }
        else if (split)
        {
            last.ForwardPart(input, _batch, _batch / 2, _batch);
        }
    }

    /// <summary>The Qs' whole training forward pass, on one lane (both halves of <see cref="ForwardHalf"/>).</summary>
    public void Forward(ReadOnlySpan<float> input)
    {
        ForwardHalf(input, 0);
        ForwardHalf(input, 1);
    }

    /// <summary>
    /// The TD methods' critic step after the forward pass: <see cref="RegressTo"/> the targets, show the divergence watch
    /// the largest value, and take the optimizer step; returns the loss.
    /// </summary>
    public double Fit(ReadOnlySpan<float> targets, ReadOnlySpan<int> actionIndices, int step, DivergenceWatch? watch, bool updateTarget = true)
    {
        var loss = RegressTo(targets, actionIndices);
        watch?.Observe(step, LargestValue(actionIndices), loss);
        Update(step, updateTarget);
        return loss;
    }

    /// <summary>
    /// After the forward pass: every Q regresses to <paramref name="targets"/> y at the batch's actions by mean squared
    /// error; overwrites the gradients (∂/∂q of ½·mean((q − y)²) per Q) and returns the average of the MSEs.
    /// </summary>
    public double RegressTo(ReadOnlySpan<float> targets, ReadOnlySpan<int> actionIndices)
    {
        double loss = 0;
        foreach (var q in Network.Nets)
        {
            loss += Regress(q, targets, actionIndices);
        }

        return loss / Network.Nets.Length;
    }

    /// <summary>
    /// After the forward pass: backpropagates <paramref name="outputGradients"/> ∂L/∂Q — head after head, batch ×
    /// <see cref="Outputs"/> values each — into the Qs' gradients, added to what is there when <paramref name="accumulate"/>.
    /// </summary>
    public void BackwardFromOutputs(ReadOnlySpan<float> outputGradients, bool accumulate)
    {
        var size = _batch * Outputs;
        for (var h = 0; h < Network.Nets.Length; h++)
        {
            Network.Nets[h].Backward(outputGradients.Slice(h * size, size), _batch, accumulate: accumulate);
        }
    }

    /// <summary>
    /// ∂Q/∂a at the batch's (s, a) in <paramref name="input"/> (continuous actions): of Q₁, or with
    /// <paramref name="ofMinimum"/> of the minimum over the heads row by row (the gradient of the lowest head, the first
    /// of equals). Writes the values
    /// differentiated into <paramref name="values"/> and ∂Q/∂a (batch × action dimension) into
    /// <paramref name="actionGradient"/>. Runs on networks of its own over the same parameters: the critic's gradients
    /// and what its last training pass left for a backward pass stay untouched.
    /// </summary>
    public void ActionGradient(ReadOnlySpan<float> input, bool ofMinimum, Span<float> values, Span<float> actionGradient)
    {
        if (Discrete)
        {
            throw new InvalidOperationException("∂Q/∂a needs continuous actions.");
        }

        var b = _batch;
        var probes = Probes();
        var heads = ofMinimum ? probes.Length : 1;
        probes[0].Forward(input, b).CopyTo(values);
        var lowest = _probeLowest.AsSpan(0, b);
        lowest.Clear();
        for (var h = 1; h < heads; h++)
        {
            var q = probes[h].Forward(input, b);
            for (var i = 0; i < b; i++)
            {
                if (q[i] < values[i])
                {
                    (lowest[i], values[i]) = (h, q[i]);
                }
            }
        }

        // Each row's dQ/dinput comes from its lowest head: Q₁'s rows written, the other heads' rows added.
        for (var h = 0; h < heads; h++)
        {
            var upstream = _probeOutputGradient.AsSpan(0, b);
            for (var i = 0; i < b; i++)
            {
                upstream[i] = lowest[i] == h ? 1f : 0f;
            }

            AddActionColumns(probes[h], upstream, actionGradient, add: h > 0);
        }
    }

    /// <summary>After the training forward pass: the largest |Q| of any head at the batch's actions (for <see cref="DivergenceWatch"/>).</summary>
    public float LargestValue(ReadOnlySpan<int> actionIndices)
    {
        var largest = 0f;
        foreach (var q in Network.Nets)
        {
            largest = MathF.Max(largest, Discrete
                ? DiscreteQLearning.LargestLoggedValue(q.Output, actionIndices[.._batch], Outputs)
                : MathF.Abs(TensorPrimitives.MaxMagnitude(q.Output[.._batch])));
        }

        return largest;
    }

    /// <summary>The optimizer step of the Qs, then (unless <paramref name="updateTarget"/> is false) the Polyak update of their targets.</summary>
    public void Update(int step, bool updateTarget = true) => Network.Update(step, updateTarget);

    /// <summary>The Polyak update of the targets alone (TD3's delayed targets).</summary>
    public void UpdateTarget() => Network.UpdateTarget();

    public void WriteParameters(BinaryWriter writer) => Network.WriteParameters(writer);

    public void ReadParameters(BinaryReader reader) => Network.ReadParameters(reader);

    private double Regress(Mlp q, ReadOnlySpan<float> targets, ReadOnlySpan<int> actionIndices)
    {
        var b = _batch;
        var output = q.Output;
        var dOut = _outputGradient.AsSpan(0, b * Outputs);
        if (Discrete)
        {
            dOut.Clear();
        }

        double loss = 0;
        for (var i = 0; i < b; i++)
        {
            var at = Discrete ? i * Outputs + actionIndices[i] : i;
            var diff = output[at] - targets[i];
            loss += (double)diff * diff;
            dOut[at] = diff / b;
        }

        q.Backward(dOut, b, accumulate: false);
        return loss / b;
    }

    /// <summary>The Qs again over the critic's parameters, with gradient buffers and activations of their own.</summary>
    private Mlp[] Probes()
    {
        if (_probes is null)
        {
            var count = Network.Nets[0].ParameterCount;
            var gradients = new float[Network.Parameters.Length];
            _probes = new Mlp[Network.Nets.Length];
            for (var c = 0; c < _probes.Length; c++)
            {
                _probes[c] = new Mlp(Network.Shape, _batch, Network.Parameters, gradients, c * count) { RowSharding = false };
            }

            _probeOutputGradient = new float[_batch];
            _probeLowest = new int[_batch];
            _probeInputGradient = new float[_batch * InputSize];
        }

        return _probes;
    }

    /// <summary>Backpropagates <paramref name="upstream"/> (one value per row) through <paramref name="probe"/> to its input and writes or adds the action columns.</summary>
    private void AddActionColumns(Mlp probe, ReadOnlySpan<float> upstream, Span<float> actionGradient, bool add)
    {
        var dInput = _probeInputGradient.AsSpan(0, _batch * InputSize);
        probe.Backward(upstream, _batch, dInput, accumulate: false, parameterGradients: false);
        for (var i = 0; i < _batch; i++)
        {
            var source = dInput.Slice(i * InputSize + _obsDim, _actDim);
            var destination = actionGradient.Slice(i * _actDim, _actDim);
            if (add)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(destination, source, destination);
            }
            else
            {
                source.CopyTo(destination);
            }
        }
    }

    private void MinOf(Mlp[] nets, ReadOnlySpan<float> input, ReadOnlySpan<int> actionIndices, Span<float> destination)
    {
        Gather(nets[0].Evaluate(input, _batch), actionIndices, destination);
        for (var h = 1; h < nets.Length; h++)
        {
            var q = nets[h].Evaluate(input, _batch);
            for (var i = 0; i < _batch; i++)
            {
                destination[i] = MathF.Min(destination[i], q[Discrete ? i * Outputs + actionIndices[i] : i]);
            }
        }
    }

    private void Gather(ReadOnlySpan<float> output, ReadOnlySpan<int> actionIndices, Span<float> destination)
    {
        if (Discrete)
        {
            for (var i = 0; i < _batch; i++)
            {
                destination[i] = output[i * Outputs + actionIndices[i]];
            }
        }
        else
        {
            output.Slice(0, _batch).CopyTo(destination);
        }
    }
}
