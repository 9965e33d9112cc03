using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.ChiSquaredDice;

/// <summary>
/// χ²-DICE, one step (the losses in <see cref="ChiSquaredDiceLoss"/>): V by the χ² dual loss on a batch of transitions,
/// the gradient reaching V(s), V(s′) (and V(s₀) in the initial-state form) through one set of parameters; π by the
/// likelihood of the logged actions weighted by max(0, δ), δ from V before this step's update.
/// </summary>
internal sealed class ChiSquaredDiceAlgorithm : TrainingAlgorithm
{
    private readonly ChiSquaredDiceOptions _options;
    private readonly BatchSampler _batch;
    private readonly Actor _actor;
    private readonly TrainedNetwork _v;
    private readonly Mlp _vNext, _vInitial;
    private readonly StepPlan _plan;
    private readonly bool _initialForm;
    private readonly int[] _initialRows;
    private readonly NnRandom _initialRandom;
    private readonly TrajectoryDataset _data;
    private readonly float[] _initialObservations, _valueGrad, _nextGrad, _initialGrad, _advantage, _weights;
    private int _step;
    private double _valueLoss, _policyLoss;

    public ChiSquaredDiceAlgorithm(TrajectoryDataset data, ChiSquaredDiceOptions options, int seed)
        : base("ChiSquaredDice", "value", "policy")
    {
        _options = options;
        _data = data;
        var (b, hidden, lr, random) = (options.BatchSize, options.HiddenSizes, options.LearningRate, new NnRandom((ulong)seed));
        _actor = new Actor(data, options.Head, hidden, b, lr, random);
        _actor.RunsBesideOthers();
        _batch = BatchSampler.ForTemporalDifference(data, b, seed);
        var shape = new MlpOptions(data.ObservationDimension, hidden.ToArray(), 1);
        _v = new TrainedNetwork("value", shape, b, lr, random);

        // V(s′) and V(s₀) are the same network as V(s), each pass with its own activations for its backward pass.
        _vNext = new Mlp(shape, b, _v.Parameters, _v.Gradients, 0) { RowSharding = false };
        _vInitial = new Mlp(shape, b, _v.Parameters, _v.Gradients, 0) { RowSharding = false };
        _initialForm = options.StateTerm == DiceStateTerm.InitialStates;
        _initialRows = [.. Enumerable.Range(0, data.EpisodeCount).Select(e => data.EpisodeOffsets[e])];
        _initialRandom = new NnRandom((ulong)seed ^ 0xD1CE_5EEDUL);
        State.Add(_actor, _v);
        State.Add(_batch);
        State.Add(_initialRandom);
        State.Export("v", _v);
        _initialObservations = new float[b * data.ObservationDimension];
        (_valueGrad, _nextGrad, _initialGrad, _advantage, _weights) = (new float[b], new float[b], new float[b], new float[b], new float[b]);
        _plan = new StepPlan().Phase(ForwardValue, ForwardPolicy).Phase(UpdateValue, UpdatePolicy);
    }

    public override Policy Policy => _actor.Head;

    internal BatchSampler Sampler => _batch;

    internal TrainedNetwork Value => _v;

    /// <summary>The initial states of the current step's batch (initial-state form).</summary>
    internal ReadOnlySpan<float> InitialObservations => _initialObservations;

    public override void Step(int step, Span<double> losses)
    {
        _batch.Sample();
        SampleInitialStates();
        _step = step;
        _plan.Run();
        (losses[0], losses[1]) = (_valueLoss, _policyLoss);
    }

    /// <summary>Draws the batch's initial states s₀ uniformly over the episodes' first steps (initial-state form only).</summary>
    internal void SampleInitialStates()
    {
        if (!_initialForm)
        {
            return;
        }

        var d = _data.ObservationDimension;
        for (var i = 0; i < _options.BatchSize; i++)
        {
            var row = _initialRows[_initialRandom.NextInt(_initialRows.Length)];
            _data.Observations.Slice(row * d, d).CopyTo(_initialObservations.AsSpan(i * d, d));
        }
    }

    /// <summary>V(s), V(s′) (and V(s₀)) forward; L_V, its gradients with respect to those values, and δ.</summary>
    internal void ForwardValue()
    {
        var b = _options.BatchSize;
        var v = _v.Net.Forward(_batch.Observations, b);
        var next = _vNext.Forward(_batch.NextObservations, b);
        _valueLoss = ChiSquaredDiceLoss.Batch(v, next, _batch.Rewards, _batch.NotDone, _options.Discount, _options.Regularization,
            dataStateTerm: !_initialForm, _valueGrad, _nextGrad, _advantage);
        if (_initialForm)
        {
            _valueLoss += ChiSquaredDiceLoss.InitialStates(_vInitial.Forward(_initialObservations, b), _options.Discount, _options.Regularization, _initialGrad);
        }
    }

    /// <summary>∂L_V/∂ψ through V(s), V(s′) and V(s₀) (after <see cref="ForwardValue"/>), into the value network's gradients.</summary>
    internal void ValueGradients()
    {
        var b = _options.BatchSize;
        _v.Net.Backward(_valueGrad, b, accumulate: false);
        _vNext.Backward(_nextGrad, b, accumulate: true);
        if (_initialForm)
        {
            _vInitial.Backward(_initialGrad, b, accumulate: true);
        }
    }

    /// <summary>The last <see cref="ForwardValue"/>'s loss.</summary>
    internal double ValueLoss => _valueLoss;

    private void ForwardPolicy() => _actor.Forward(_batch.Observations, _options.BatchSize);

    private void UpdateValue()
    {
        ValueGradients();
        _v.Update(_step);
    }

    /// <summary>One step on −mean_b max(0, δ_b)·log π(a_b|s_b).</summary>
    private void UpdatePolicy()
    {
        ChiSquaredDiceLoss.PolicyWeights(_advantage, _weights);
        _policyLoss = _actor.StepOnLikelihood(_step, _batch.Actions, _weights, _options.BatchSize);
    }
}
