using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.QChunking;

/// <summary>
/// Q-chunking (Li, Zhou &amp; Levine 2025), one step, with a DDPG+BC chunk policy (equations in docs/q-chunking.md). For a
/// logged chunk (s_t, a_{t:t+h}, R_t = Σ_{k&lt;h} γᵏ r_{t+k}, s_{t+h}, done):
/// ã = clip(π̄(s_{t+h}) + clip(N(0, σ²), −c, c), −1, 1), the next chunk from the target policy;
/// Q₁, Q₂ by MSE toward y = R_t + γʰ·(1 − done)·min(Q̄₁, Q̄₂)(s_{t+h}, ã);
/// every d-th step: π by −λ·mean Q₁(s_t, π(s_t)) + mean ‖π(s_t) − a_{t:t+h}‖² / (h·A), λ = α / mean|Q₁| (held constant),
/// then the Polyak updates of Q̄₁, Q̄₂ and π̄. With h = 1 every line is TD3+BC's.
/// </summary>
/// <remarks>https://arxiv.org/abs/2507.07969 . The paper's actor is a flow policy distilled into a one-step policy
/// (QC-FQL) or best-of-N sampling from a flow BC policy; the behaviour constraint here is DDPG+BC on the chunk.</remarks>
internal sealed class QChunkingAlgorithm : TrainingAlgorithm
{
    private readonly QChunkingOptions _options;
    private readonly ChunkSampler _batch;
    private readonly Actor _actor;
    private readonly Critic _q;
    private readonly NnRandom _noise;
    private readonly StepPlan _plan;
    private readonly DivergenceWatch _watch;
    private readonly float _penalty;
    private readonly float[] _qIn, _nextIn, _nextChunks, _tdTarget;
    private int _step;
    private double _qLoss, _policyLoss;

    public QChunkingAlgorithm(TrajectoryDataset data, QChunkingOptions options, int seed)
        : base("QChunking", "q", "policy")
    {
        if (data.ActionSpace.IsDiscrete)
        {
            throw new ArgumentException($"{data.Source}: q-chunking needs continuous actions (its chunk policy is deterministic); the data's actions are {data.ActionSpace}.");
        }

        _options = options;
        var (b, h, hidden, lr, random) = (options.BatchSize, options.ChunkLength, options.HiddenSizes, options.LearningRate, new NnRandom((ulong)seed));
        var rate = options.TargetNetwork.UpdateRate;

        // The same draws in the same order as TD3+BC: actor, then critics, then the sampler's and the noise's streams.
        _actor = new Actor(data, PolicyHead.Deterministic, hidden, b, lr, random, chunkLength: h);
        _actor.RunsBesideOthers();
        _actor.AddTarget(rate, b);
        _batch = new ChunkSampler(data, h, options.Discount, b, seed);
        _q = new Critic(data, hidden, b, lr, rate, random, options.CriticLayerNorm, chunkLength: h);
        _noise = new NnRandom((ulong)seed ^ 0x7D3B_C0DEUL);
        State.Add(_actor, _q);
        State.Add(_batch);
        State.Add(_noise);
        State.Export("q", _q);

        // A chunk's value is a discounted sum of rewards like a step's, so the same bound r_max / (1 − γ) holds.
        _watch = new DivergenceWatch("QChunking", data, options.Discount, null);

        // TD3+BC's BC term is the mean squared error over every element: here over the h·A of a chunk.
        _penalty = 1f / (h * data.ActionSpace.Dimension);
        (_qIn, _nextIn) = (_q.NewInput(), _q.NewInput());
        (_nextChunks, _tdTarget) = (new float[b * h * data.ActionSpace.Dimension], new float[b]);
        _plan = new StepPlan().Phase(TdTargets, ForwardQ).Phase(UpdateQ, ForwardActor).Then(UpdateActorAndTargets);
    }

    public override Policy Policy => _actor.Head;

    private protected override DivergenceWatch? Watch => _watch;

    private bool ActorStep => (_step + 1) % _options.TwinDelayed.PolicyFrequency == 0;

    public override void Step(int step, Span<double> losses)
    {
        _batch.Sample();
        _step = step;
        _plan.Run();
        (losses[0], losses[1]) = (_qLoss, _policyLoss);
    }

    /// <summary>y = R_t + γʰ·(1 − done)·min(Q̄₁, Q̄₂)(s_{t+h}, ã), ã the target policy's smoothed chunk at s_{t+h}.</summary>
    private void TdTargets()
    {
        var smoothing = _options.TwinDelayed;
        _actor.SmoothedTargetActions(_batch.NextObservations, _options.BatchSize, _noise, smoothing.PolicyNoise, smoothing.NoiseClip, _nextChunks);
        _q.MinOfTargets(_q.Input(_batch.NextObservations, _nextChunks, _nextIn), _batch.ActionIndices, _tdTarget);
        var discount = _batch.BootstrapDiscount;
        for (var i = 0; i < _options.BatchSize; i++)
        {
            _tdTarget[i] = _batch.Rewards[i] + discount * _batch.NotDone[i] * _tdTarget[i];
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

    /// <summary>One DDPG+BC step of the chunk policy against the updated Q₁, then every target moves.</summary>
    private void UpdateActorAndTargets()
    {
        if (!ActorStep)
        {
            return;
        }

        _policyLoss = _actor.StepOnCritic(_step, _q, _batch.Observations, _batch.Actions, ofMinimum: false, _options.Alpha, normalizeQ: true, _penalty, _options.BatchSize);
        _q.UpdateTarget();
        _actor.UpdateTarget();
    }
}
