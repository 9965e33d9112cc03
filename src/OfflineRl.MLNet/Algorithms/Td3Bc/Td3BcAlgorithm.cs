using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.Td3Bc;

/// <summary>
/// TD3+BC, one step (equations in docs/td3bc.md), and ReBRAC as TD3+BC with the weights of <see cref="Td3BcLosses"/>:
/// ã′ = clip(π̄(s′) + clip(N(0, σ²), −c, c), −1, 1);
/// Q₁, Q₂ by MSE toward y = r + γ·(1 − terminal)·(min(Q̄₁, Q̄₂)(s′, ã′) − β₂·‖ã′ − â′‖²);
/// every d-th step: π by −λ·mean Q(s, π(s)) + β₁·mean ‖π(s) − a‖², λ = α / mean|Q| (held constant),
/// then the Polyak updates of Q̄₁, Q̄₂ and π̄.
/// </summary>
/// <remarks>
/// Fujimoto &amp; Gu 2021: https://arxiv.org/abs/2106.06860 ; Tarasov, Kurenkov, Nikulin &amp; Kolesnikov 2023:
/// https://arxiv.org/abs/2305.09836 .
/// </remarks>
internal sealed class Td3BcAlgorithm : TrainingAlgorithm
{
    private readonly Td3BcLosses _losses;
    private readonly TrainerOptions _options;
    private readonly BatchSampler _batch;
    private readonly Actor _actor;
    private readonly Critic _q;
    private readonly NnRandom _noise;
    private readonly StepPlan _plan;
    private readonly DivergenceWatch? _watch;
    private readonly int _actionDim;
    private readonly float[] _qIn, _nextIn, _nextActions, _tdTarget;
    private int _step;
    private double _qLoss, _policyLoss;

    public Td3BcAlgorithm(TrajectoryDataset data, TrainerOptions options, Td3BcLosses losses, int seed)
        : base(losses.Name, "q", "policy")
    {
        if (data.ActionSpace.IsDiscrete)
        {
            throw new ArgumentException($"{data.Source}: {losses.Name} needs continuous actions (its actor is deterministic); the data's actions are {data.ActionSpace}.");
        }

        (_options, _losses) = (options, losses);
        var (b, hidden, lr, random) = (options.BatchSize, options.HiddenSizes, options.LearningRate, new NnRandom((ulong)seed));
        _actor = new Actor(data, PolicyHead.Deterministic, hidden, b, lr, random);
        _actor.RunsBesideOthers();
        _actor.AddTarget(losses.TargetRate, b);
        _batch = losses.CriticPenalty > 0
            ? BatchSampler.ForTemporalDifferenceWithNextActions(data, b, seed)
            : BatchSampler.ForTemporalDifference(data, b, seed);
        _q = new Critic(data, hidden, b, lr, losses.TargetRate, random, losses.CriticLayerNorm);
        _noise = new NnRandom((ulong)seed ^ 0x7D3B_C0DEUL);
        State.Add(_actor, _q);
        State.Add(_batch);
        State.Add(_noise);
        State.Export("q", _q);

        // ReBRAC's critic penalty subtracts from the targets, so its values may leave ±r_max/(1 − γ) without diverging.
        _watch = losses.CriticPenalty > 0 ? null : new DivergenceWatch(losses.Name, data, options.Discount, null);
        _actionDim = data.ActionSpace.Dimension;
        (_qIn, _nextIn) = (_q.NewInput(), _q.NewInput());
        (_nextActions, _tdTarget) = (new float[b * _actionDim], new float[b]);

        // The target and the critic's forward pass; the critic's update and the actor's forward pass; then the actor
        // against the updated critic and the targets.
        _plan = new StepPlan().Phase(TdTargets, ForwardQ).Phase(UpdateQ, ForwardActor).Then(UpdateActorAndTargets);
    }

    public override Policy Policy => _actor.Head;

    private protected override DivergenceWatch? Watch => _watch;

    private bool ActorStep => (_step + 1) % _losses.TwinDelayed.PolicyFrequency == 0;

    public override void Step(int step, Span<double> losses)
    {
        _batch.Sample();
        _step = step;
        _plan.Run();
        (losses[0], losses[1]) = (_qLoss, _policyLoss);
    }

    /// <summary>y = r + γ·(1 − terminal)·(min(Q̄₁, Q̄₂)(s′, ã′) − β₂·‖ã′ − â′‖²), ã′ the smoothed target action.</summary>
    private void TdTargets()
    {
        var (b, n) = (_options.BatchSize, _actionDim);
        _actor.SmoothedTargetActions(_batch.NextObservations, b, _noise, _losses.TwinDelayed.PolicyNoise, _losses.TwinDelayed.NoiseClip, _nextActions);
        _q.MinOfTargets(_q.Input(_batch.NextObservations, _nextActions, _nextIn), _batch.ActionIndices, _tdTarget);
        var gamma = _options.Discount;
        for (var i = 0; i < b; i++)
        {
            var penalty = 0f;
            if (_losses.CriticPenalty > 0)
            {
                for (var d = 0; d < n; d++)
                {
                    var diff = _nextActions[i * n + d] - _batch.NextActions[i * n + d];
                    penalty += diff * diff;
                }
            }

            _tdTarget[i] = _batch.Rewards[i] + gamma * _batch.NotDone[i] * (_tdTarget[i] - _losses.CriticPenalty * penalty);
        }
    }

    private void ForwardQ()
    {
        _q.Forward(_q.Input(_batch.Observations, _batch.Actions, _qIn));
    }

    private void UpdateQ()
    {
        _qLoss = _q.Fit(_tdTarget, _batch.ActionIndices, _step, _watch, updateTarget: false);
    }

    private void ForwardActor()
    {
        if (ActorStep)
        {
            _actor.Forward(_batch.Observations, _options.BatchSize);
        }
    }

    /// <summary>
    /// ∂L/∂π = −(λ/B)·∂Q/∂a + (2β₁/B)·(π(s) − a) with Q at (s, π(s)) under the updated critic, one actor step, then every
    /// target moves.
    /// </summary>
    private void UpdateActorAndTargets()
    {
        if (!ActorStep)
        {
            return;
        }

        _policyLoss = _actor.StepOnCritic(_step, _q, _batch.Observations, _batch.Actions, _losses.ActorReadsMinimum, _losses.QScale,
            _losses.NormalizeQ, _losses.ActorPenalty, _options.BatchSize);
        _q.UpdateTarget();
        _actor.UpdateTarget();
    }
}
