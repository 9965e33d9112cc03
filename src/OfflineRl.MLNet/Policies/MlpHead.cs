using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Policies;

/// <summary>
/// A policy that is one <see cref="Mlp"/> with a distribution head — the trainable heads (Gaussian, categorical,
/// deterministic) the trainer drives: one parameter array (network first, then any extra parameters of the head), its
/// gradients, initialization, the weighted likelihood loss and its gradient, scratch buffers. The training methods take
/// already preprocessed observations and scaled actions; the acting methods of <see cref="Policy"/> take raw ones.
/// </summary>
internal abstract class MlpHead : Policy
{
    private readonly float[] _parameters;
    private readonly float[] _gradients;
    private readonly float[][] _extraGradients;
    private readonly float[] _partLosses = new float[2];

    /// <summary>Builds the network and buffers.</summary>
    private protected MlpHead(
        PolicyKind kind,
        int observationDimension,
        int actionDimension,
        int actionCount,
        int networkOutputs,
        Activation outputActivation,
        int extraParameters,
        PolicyNetworkOptions? network,
        PolicyPreprocessing? preprocessing,
        int maxBatch,
        NnRandom? dropoutRandom,
        int chunkLength = 1)
        : base(kind, observationDimension, actionDimension, actionCount, preprocessing, chunkLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        Network = network ?? new PolicyNetworkOptions();
        MaxBatch = maxBatch;
        var mlpOptions = Network.ToMlp(observationDimension, networkOutputs, outputActivation);
        NetworkParameterCount = Mlp.CountParameters(mlpOptions);
        _parameters = new float[NetworkParameterCount + extraParameters];
        _gradients = new float[_parameters.Length];
        Net = new Mlp(mlpOptions, maxBatch, _parameters, _gradients, 0, dropoutRandom ?? (Network.DropoutRate > 0f ? new NnRandom(0) : null));
        ObservationBuffer = new float[maxBatch * observationDimension];
        ActionBuffer = new float[maxBatch * Math.Max(actionDimension, 1) * chunkLength];
        OutputGradient = new float[maxBatch * networkOutputs];
        _extraGradients = [new float[extraParameters], new float[extraParameters]];
    }

    /// <summary>Hidden-layer options of the network.</summary>
    public PolicyNetworkOptions Network { get; }

    /// <summary>Largest batch the training methods accept (acting methods split larger batches).</summary>
    public int MaxBatch { get; }

    /// <summary>All trainable parameters, one contiguous span (for Adam, copies, Polyak).</summary>
    public Span<float> Parameters => _parameters;

    /// <summary>Accumulated gradients, same layout as <see cref="Parameters"/>.</summary>
    public Span<float> Gradients => _gradients;

    /// <summary>The network (its parameters are the first <see cref="NetworkParameterCount"/> of <see cref="Parameters"/>).</summary>
    public Mlp Net { get; }

    /// <summary>Parameters of the network part.</summary>
    public int NetworkParameterCount { get; }

    /// <summary>Scratch: preprocessed observations (MaxBatch × observation dimension).</summary>
    private protected float[] ObservationBuffer { get; }

    /// <summary>Scratch: scaled actions (MaxBatch × action dimension).</summary>
    private protected float[] ActionBuffer { get; }

    /// <summary>Scratch: gradient of the loss with respect to the network output.</summary>
    private protected float[] OutputGradient { get; }

    /// <summary>Initialises the network with <paramref name="random"/> (and resets head-specific parameters).</summary>
    public virtual void Initialize(NnRandom random, MlpInitialization initialization = MlpInitialization.PyTorchDefault) =>
        Net.Initialize(random, initialization);

    /// <summary>Sets every gradient to 0.</summary>
    public void ZeroGradients() => Array.Clear(_gradients);

    /// <summary>Greedy actions, <see cref="MaxBatch"/> rows at a time.</summary>
    private protected sealed override void ActCore(ReadOnlySpan<float> observations, int batch, Span<float> actions)
    {
        for (var start = 0; start < batch; start += MaxBatch)
        {
            var rows = Math.Min(MaxBatch, batch - start);
            var output = Forward(observations.Slice(start * ObservationDimension, rows * ObservationDimension), rows);
            ActFromOutput(output, rows, actions.Slice(start * ActionsPerRow, rows * ActionsPerRow));
        }
    }

    /// <summary>One random action from the network's output for the observation.</summary>
    private protected sealed override void SampleCore(ReadOnlySpan<float> observation, Span<float> action, NnRandom random) =>
        SampleFromOutput(Forward(observation, 1), action, random);

    /// <summary>log π, <see cref="MaxBatch"/> rows at a time, continuous actions scaled to the network's [−1, 1].</summary>
    private protected sealed override void LogProbCore(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int batch, Span<float> logProbs)
    {
        for (var start = 0; start < batch; start += MaxBatch)
        {
            var rows = Math.Min(MaxBatch, batch - start);
            var output = Forward(observations.Slice(start * ObservationDimension, rows * ObservationDimension), rows);
            var scaled = ActionBuffer.AsSpan(0, rows * ActionDimension);
            var envActions = actions.Slice(start * ActionDimension, rows * ActionDimension);
            if (Kind == PolicyKind.Categorical)
            {
                envActions.CopyTo(scaled);
            }
            else
            {
                Preprocessing.ScaleActions(envActions, scaled, rows, ActionDimension);
            }

            LogProbFromOutput(output, scaled, rows, logProbs.Slice(start, rows));
        }
    }

    /// <summary>
    /// The weighted behaviour-cloning loss on preprocessed observations and scaled actions, with its gradient
    /// <b>added</b> to <see cref="Gradients"/>: <c>−(1/B)·Σ w_b·log π(a_b|s_b)</c> for stochastic heads (weighted BC,
    /// AWR, the IQL actor), <c>(1/B)·Σ w_b·‖π(s_b) − a_b‖²</c> for the deterministic head. Empty weights mean 1.
    /// </summary>
    /// <returns>The loss.</returns>
    public float AccumulateLossGradient(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, ReadOnlySpan<float> weights, int batch)
    {
        CheckTrainingBatch(observations, actions, weights, batch);
        Net.Forward(observations, batch, training: true);
        return AccumulateLossGradientAfterForward(actions, weights, batch);
    }

    /// <summary>
    /// The second half of <see cref="AccumulateLossGradient"/>, for callers that ran <c>Net.Forward(observations,
    /// batch, training: true)</c> earlier (for instance side by side with other networks): the loss of the last
    /// forward pass and its backward pass.
    /// </summary>
    public float AccumulateLossGradientAfterForward(ReadOnlySpan<float> actions, ReadOnlySpan<float> weights, int batch)
    {
        var output = Net.Output;
        if (output.Length != batch * Net.Options.OutputSize)
        {
            throw new InvalidOperationException($"The last forward pass was not on a batch of {batch}.");
        }

        PrepareLoss();
        var loss = Loss(actions, weights, 0, batch, batch, 0);
        AddExtraGradient(_extraGradients[0]);
        Net.Backward(OutputGradient.AsSpan(0, output.Length), batch);
        return loss;
    }

    /// <summary>
    /// True when <see cref="LossGradientPart"/> is available: the network's rows are independent (ReLU hidden layers
    /// without LayerNorm or dropout).
    /// </summary>
    public bool SupportsLossParts => Net.SupportsForwardParts;

    /// <summary>
    /// The network's second gradient array after <see cref="LossGradientPart"/> (aligned with <see cref="Gradients"/>;
    /// its extra-parameter entries stay 0).
    /// </summary>
    public ReadOnlySpan<float> ShardGradients => Net.ShardGradients;

    /// <summary>
    /// Half <paramref name="part"/> (0: rows [0, batch/2), 1: the rest) of <see cref="ZeroGradients"/> followed by
    /// <see cref="AccumulateLossGradient"/>: forward pass, loss and backward pass of those rows. The two halves may run
    /// at the same time on two threads, between <see cref="BeginLossParts"/> and <see cref="EndLossParts"/>. Part 0's
    /// network-gradient terms overwrite <see cref="Gradients"/>, part 1's <see cref="ShardGradients"/>: the gradient is
    /// their sum (for instance formed by <see cref="Adam.Step(Span{float}, Span{float}, ReadOnlySpan{float})"/>).
    /// Requires <see cref="SupportsLossParts"/>.
    /// </summary>
    public void LossGradientPart(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, ReadOnlySpan<float> weights, int batch, int part)
    {
        CheckTrainingBatch(observations, actions, weights, batch);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 2);
        var (from, to) = ParallelWorkers.Half(batch, part);
        Net.ForwardPart(observations, batch, from, to);
        _partLosses[part] = Loss(actions, weights, from, to, batch, part);
        Net.BackwardPart(OutputGradient.AsSpan(0, batch * Net.Options.OutputSize), batch, from, to, intoShard: part == 1);
    }

    /// <summary>Readies the head for the two <see cref="LossGradientPart"/> calls of one batch.</summary>
    public void BeginLossParts() => PrepareLoss();

    /// <summary>
    /// After both <see cref="LossGradientPart"/> calls: sets the head's extra-parameter gradients from both halves and
    /// returns the batch's loss.
    /// </summary>
    public float EndLossParts()
    {
        var extra = _extraGradients[0];
        var second = _extraGradients[1];
        for (var i = 0; i < extra.Length; i++)
        {
            extra[i] += second[i];
        }

        Gradients.Slice(NetworkParameterCount).Clear();
        AddExtraGradient(extra);
        return _partLosses[0] + _partLosses[1];
    }

    /// <summary>Head-specific options written into the saved header.</summary>
    public virtual Dictionary<string, float> HeadOptions() => [];

    /// <summary>Turns network outputs into environment-unit actions.</summary>
    private protected abstract void ActFromOutput(ReadOnlySpan<float> output, int rows, Span<float> actions);

    /// <summary>Draws one environment-unit action from one row of network outputs.</summary>
    private protected abstract void SampleFromOutput(ReadOnlySpan<float> output, Span<float> action, NnRandom random);

    /// <summary>Log-probabilities of scaled actions given network outputs.</summary>
    private protected abstract void LogProbFromOutput(ReadOnlySpan<float> output, ReadOnlySpan<float> scaledActions, int rows, Span<float> logProbs);

    /// <summary>
    /// The loss of some rows of a batch: writes their gradient with respect to the network outputs, adds their terms of
    /// the gradient of the head's extra parameters (before <see cref="AddExtraGradient"/>), and returns their share of
    /// the batch-mean loss. Calls on disjoint rows may run at the same time.
    /// </summary>
    private protected abstract float RowLoss(in LossRows rows);

    /// <summary>Computes what every <see cref="RowLoss"/> call of one batch reads; called before them.</summary>
    private protected virtual void PrepareLoss()
    {
    }

    /// <summary>Adds a batch's summed extra-parameter terms from <see cref="RowLoss"/> to <see cref="Gradients"/>.</summary>
    private protected virtual void AddExtraGradient(ReadOnlySpan<float> extraGradient)
    {
    }

    /// <summary>
    /// <see cref="RowLoss"/> on batch rows [<paramref name="from"/>, <paramref name="to"/>) of the last forward pass, the
    /// output gradient into <see cref="OutputGradient"/>'s same rows, the extra-parameter terms into a cleared array of
    /// part <paramref name="part"/>'s own.
    /// </summary>
    private float Loss(ReadOnlySpan<float> actions, ReadOnlySpan<float> weights, int from, int to, int batch, int part)
    {
        int outputs = Net.Options.OutputSize, width = ActionsPerRow, rows = to - from;
        var extra = _extraGradients[part];
        Array.Clear(extra);
        return RowLoss(new LossRows
        {
            Output = Net.Output.Slice(from * outputs, rows * outputs),
            Actions = actions.Slice(from * width, rows * width),
            Weights = weights.IsEmpty ? default : weights.Slice(from, rows),
            OutputGradient = OutputGradient.AsSpan(from * outputs, rows * outputs),
            ExtraGradient = extra,
            FirstRow = from,
            Count = rows,
            BatchSize = batch,
        });
    }

    /// <summary>Throws unless a training batch of <paramref name="batch"/> rows fits the buffers and the spans.</summary>
    private void CheckTrainingBatch(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, ReadOnlySpan<float> weights, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, MaxBatch);
        CheckBatch(observations, batch, actions, nameof(actions));
        if (!weights.IsEmpty && weights.Length < batch)
        {
            throw new ArgumentException($"weights has {weights.Length} values; {batch} are needed.", nameof(weights));
        }
    }

    /// <summary>Preprocesses raw observations and runs the network in evaluation mode.</summary>
    private protected ReadOnlySpan<float> Forward(ReadOnlySpan<float> rawObservations, int rows)
    {
        var normalized = ObservationBuffer.AsSpan(0, rows * ObservationDimension);
        Preprocessing.NormalizeObservations(rawObservations, normalized, rows, ObservationDimension);
        return Net.Forward(normalized, rows);
    }
}
