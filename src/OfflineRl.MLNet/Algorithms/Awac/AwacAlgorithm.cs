using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.Awac;

/// <summary>
/// Advantage-Weighted Actor-Critic, one step (equations in docs/awac.md):
/// Q₁, Q₂ by MSE toward y = r + γ·(1 − terminal)·min(Q̄₁, Q̄₂)(s′, a′) with a′ ~ π(·|s′);
/// then π by advantage-weighted likelihood of the data's actions, w = min(exp(β·A), MaxWeight) with
/// A = min(Q₁, Q₂)(s, a) − min(Q₁, Q₂)(s, a_π), a_π ~ π(·|s) (one sample estimates V(s) = E_π Q(s, ·)).
/// </summary>
/// <remarks>Nair, Gupta, Dalal &amp; Levine 2020: https://arxiv.org/abs/2006.09359 .</remarks>
internal sealed class AwacAlgorithm : TrainingAlgorithm
{
    private readonly AwacOptions _options;
    private readonly BatchSampler _batch;
    private readonly Actor _actor;
    private readonly Critic _q;
    private readonly NnRandom _sampling;
    private readonly StepPlan _plan;
    private readonly DivergenceWatch _watch;
    private readonly float[] _qIn, _nextIn, _policyIn, _nextActions, _policyActions, _tdTarget, _qData, _qPolicy, _advantage, _weights;
    private readonly int[] _nextIndices, _policyIndices;
    private int _step;
    private double _qLoss, _policyLoss;

    public AwacAlgorithm(TrajectoryDataset data, AwacOptions options, int seed)
        : base("Awac", "q", "policy")
    {
        _options = options;
        var (b, hidden, lr, random) = (options.BatchSize, options.HiddenSizes, options.LearningRate, new NnRandom((ulong)seed));
        _actor = new Actor(data, options.Head, hidden, b, lr, random);
        _actor.RunsBesideOthers();
        _batch = BatchSampler.ForTemporalDifference(data, b, seed);
        _q = new Critic(data, hidden, b, lr, options.TargetNetwork.UpdateRate, random);
        _sampling = new NnRandom((ulong)seed ^ 0xA3AC_5EEDUL);
        State.Add(_actor, _q);
        State.Add(_batch);
        State.Add(_sampling);
        State.Export("q", _q);
        _watch = new DivergenceWatch("AWAC", data, options.Discount, null);
        var actionWidth = b * Math.Max(_actor.Head.ActionDimension, 1);
        (_qIn, _nextIn, _policyIn) = (_q.NewInput(), _q.NewInput(), _q.NewInput());
        (_nextActions, _policyActions) = (new float[actionWidth], new float[actionWidth]);
        (_tdTarget, _qData, _qPolicy, _advantage, _weights) = (new float[b], new float[b], new float[b], new float[b], new float[b]);
        (_nextIndices, _policyIndices) = (new int[b], new int[b]);

        // The critic's target and its forward pass; the critic's update and the actor's forward pass; then the
        // advantage with the updated critic and the actor's step.
        _plan = new StepPlan().Phase(TdTargets, ForwardQ).Phase(UpdateQ, ForwardActor).Then(UpdateActor);
    }

    public override Policy Policy => _actor.Head;

    private protected override DivergenceWatch? Watch => _watch;

    public override void Step(int step, Span<double> losses)
    {
        _batch.Sample();
        _step = step;
        _plan.Run();
        (losses[0], losses[1]) = (_qLoss, _policyLoss);
    }

    /// <summary>y = r + γ·(1 − terminal)·min(Q̄₁, Q̄₂)(s′, a′), a′ ~ π(·|s′).</summary>
    private void TdTargets()
    {
        var next = SampleFromPolicy(_batch.NextObservations, _nextActions, _nextIndices, _nextIn);
        _q.MinOfTargets(next, _nextIndices, _tdTarget);
        var gamma = _options.Discount;
        for (var i = 0; i < _tdTarget.Length; i++)
        {
            _tdTarget[i] = _batch.Rewards[i] + gamma * _batch.NotDone[i] * _tdTarget[i];
        }
    }

    private void ForwardQ()
    {
        _q.Forward(_q.Input(_batch.Observations, _batch.Actions, _qIn));
    }

    private void UpdateQ()
    {
        _qLoss = _q.Fit(_tdTarget, _batch.ActionIndices, _step, _watch);
    }

    private void ForwardActor()
    {
        _actor.Forward(_batch.Observations, _options.BatchSize);
        SampleFromPolicy(_batch.Observations, _policyActions, _policyIndices, _policyIn);
    }

    /// <summary>A = min Q(s, a) − min Q(s, a_π) with the updated critics, then one weighted-likelihood step of π.</summary>
    private void UpdateActor()
    {
        // The critic inputs of (s, a) and (s, a_π) were written by ForwardQ and ForwardActor.
        _q.MinOfOnline(_q.Written(_batch.Observations, _qIn), _batch.ActionIndices, _qData);
        _q.MinOfOnline(_q.Written(_batch.Observations, _policyIn), _policyIndices, _qPolicy);
        for (var i = 0; i < _advantage.Length; i++)
        {
            _advantage[i] = _qData[i] - _qPolicy[i];
        }

        AdvantageWeighting.BatchWeights(_advantage, _options.Weighting.InverseTemperature, _options.Weighting.MaxWeight, _weights);
        _policyLoss = _actor.StepOnLikelihood(_step, _batch.Actions, _weights, _options.BatchSize);
    }

    /// <summary>Draws a ~ π(·|s) for the batch's <paramref name="observations"/>; returns the critic's input of (s, a).</summary>
    private ReadOnlySpan<float> SampleFromPolicy(float[] observations, float[] actions, int[] indices, float[] input)
    {
        _actor.SampleActions(observations, _options.BatchSize, _sampling, actions);
        if (_q.Discrete)
        {
            for (var i = 0; i < indices.Length; i++)
            {
                indices[i] = (int)actions[i];
            }
        }

        return _q.Input(observations, actions, input);
    }
}
