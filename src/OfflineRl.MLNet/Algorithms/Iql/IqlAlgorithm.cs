using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.Iql;

/// <summary>
/// Implicit Q-Learning, one step (equations in docs/iql.md):
/// V(s) by expectile regression toward min(Q̄₁, Q̄₂)(s, a);
/// Q₁, Q₂ by MSE toward r + γ·(1 − terminal)·V(s′);
/// π by advantage-weighted likelihood, w = min(exp(β·(min Q̄(s, a) − V(s))), MaxWeight),
/// or (<see cref="IqlPolicyExtraction.DdpgBc"/>) a deterministic μ by DDPG+BC against the updated min(Q₁, Q₂).
/// Q and V learn only from the data's (s, a) pairs.
/// </summary>
/// <remarks>
/// Kostrikov, Nair &amp; Levine 2021: https://arxiv.org/abs/2110.06169 ; DDPG+BC extraction: Park, Frans, Levine &amp;
/// Kumar 2024: https://arxiv.org/abs/2406.09329 .
/// </remarks>
internal sealed class IqlAlgorithm : TrainingAlgorithm
{
    private readonly IqlOptions _options;
    private readonly BatchSampler _batch;
    private readonly Actor _actor;
    private readonly TrainedNetwork _v;
    private readonly Critic _q;
    private readonly StepPlan _plan;
    private readonly DivergenceWatch _watch;
    private readonly float[] _qIn, _nextV, _targetQ, _tdTarget, _advantage, _weights, _vGrad;
    private int _step;
    private double _valueLoss, _qLoss, _policyLoss;

    public IqlAlgorithm(TrajectoryDataset data, IqlOptions options, int seed)
        : base("Iql", "value", "q", "policy")
    {
        _options = options;
        var (b, hidden, lr, random) = (options.BatchSize, options.HiddenSizes, options.LearningRate, new NnRandom((ulong)seed));
        var ddpgBc = options.PolicyExtraction == IqlPolicyExtraction.DdpgBc;
        if (ddpgBc && data.ActionSpace.IsDiscrete)
        {
            throw new ArgumentException($"{data.Source}: IQL's DDPG+BC extraction needs continuous actions (its actor is deterministic); the data's actions are {data.ActionSpace}.");
        }

        _actor = new Actor(data, ddpgBc ? PolicyHead.Deterministic : options.Head, hidden, b, lr, random, options.ActorCosineDecay ? new CosineSchedule(lr, options.Steps) : null);
        _actor.RunsBesideOthers();
        _batch = BatchSampler.ForTemporalDifference(data, b, seed);
        _v = new TrainedNetwork("value", new MlpOptions(data.ObservationDimension, hidden.ToArray(), 1) { LayerNorm = options.CriticLayerNorm }, b, lr, random);
        _q = new Critic(data, hidden, b, lr, options.TargetNetwork.UpdateRate, random, options.CriticLayerNorm);
        State.Add(_actor, _v, _q);
        State.Add(_batch);
        State.ReportLearningRatesIn(_v, _q, _actor);
        State.Export("v", _v);
        State.Export("q", _q);
        _watch = new DivergenceWatch("IQL", data, options.Discount, null);
        (_qIn, _nextV, _targetQ, _tdTarget, _advantage, _weights, _vGrad) = (_q.NewInput(), new float[b], new float[b], new float[b], new float[b], new float[b], new float[b]);

        // Phase 1: every forward pass (seven networks, Q2's rows shared by the lanes); phase 2: Q | V and π updates.
        // DDPG+BC's actor reads the updated critic, so it takes a phase of its own after both.
        _plan = ddpgBc
            ? new StepPlan().Phase(ForwardTargetsAndQ, ForwardValueAndPolicy).Phase(UpdateQ, UpdateValue).Then(UpdatePolicyByQ)
            : new StepPlan().Phase(ForwardTargetsAndQ, ForwardValueAndPolicy).Phase(UpdateQ, UpdateValueAndPolicy);

    }

    public override Policy Policy => _actor.Head;

    private protected override DivergenceWatch? Watch => _watch;

    internal BatchSampler Sampler => _batch;

    internal TrainedNetwork Value => _v;

    internal Critic Critic => _q;

    /// <summary>The Q input of the current batch: concat(s, a) of the data (continuous) or s (discrete).</summary>
    internal ReadOnlySpan<float> CriticInput => _q.Written(_batch.Observations, _qIn);

    public override void Step(int step, Span<double> losses)
    {
        _batch.Sample();
        _q.Input(_batch.Observations, _batch.Actions, _qIn); // before the lanes: both read it
        _step = step;
        _plan.Run();
        (losses[0], losses[1], losses[2]) = (_valueLoss, _qLoss, _policyLoss);
    }

    private void ForwardTargetsAndQ()
    {
        _q.MinOfTargets(CriticInput, _batch.ActionIndices, _targetQ);
        _q.ForwardHalf(CriticInput, 0);
    }

    private void ForwardValueAndPolicy()
    {
        _v.Net.Evaluate(_batch.NextObservations, _options.BatchSize).CopyTo(_nextV);
        _v.Net.Forward(_batch.Observations, _options.BatchSize);
        _actor.Forward(_batch.Observations, _options.BatchSize);
        _q.ForwardHalf(CriticInput, 1);
    }

    private void UpdateQ()
    {
        _qLoss = _q.Fit(TdTargets(), _batch.ActionIndices, _step, _watch);
    }

    private void UpdateValueAndPolicy()
    {
        UpdateValue();
        AdvantageWeighting.BatchWeights(_advantage, _options.Weighting.InverseTemperature, _options.Weighting.MaxWeight, _weights);
        _policyLoss = _actor.StepOnLikelihood(_step, _batch.Actions, _weights, _options.BatchSize);
    }

    private void UpdateValue()
    {
        ValueGradients();
        _v.Update(_step);
    }

    /// <summary>DDPG+BC: μ descends −min Q(s, μ(s)) / mean|Q| + α·mean ‖μ(s) − a‖² under the updated critic.</summary>
    private void UpdatePolicyByQ()
    {
        _policyLoss = _actor.StepOnCritic(_step, _q, _batch.Observations, _batch.Actions, ofMinimum: true, qScale: 1f, normalizeQ: true,
            _options.BehaviorPenalty, _options.BatchSize);
    }

    /// <summary>y = r + γ·(1 − terminal)·V(s′).</summary>
    private float[] TdTargets()
    {
        var gamma = _options.Discount;
        for (var i = 0; i < _tdTarget.Length; i++)
        {
            _tdTarget[i] = _batch.Rewards[i] + gamma * _batch.NotDone[i] * _nextV[i];
        }

        return _tdTarget;
    }

    /// <summary>Expectile loss of V toward min Q̄; its residual is the advantage the weighted likelihood reads.</summary>
    private void ValueGradients()
    {
        _valueLoss = ExpectileLoss.Batch(_targetQ, _v.Net.Output, _options.Expectile, _vGrad, _advantage);
        _v.Net.Backward(_vGrad, _options.BatchSize, accumulate: false);
    }
}
