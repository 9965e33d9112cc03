using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// The policy an algorithm trains, with its Adam optimizer and optional cosine schedule, and the three ways to train
/// it: by a weighted likelihood of given actions, by a gradient from outside on its actions (∂L/∂a, e.g. −∂Q/∂a), and
/// by reparameterized samples a = μ + σ·ε whose log-probabilities also carry a gradient. Actions are in the scaled
/// space the networks see: [−1, 1] per continuous dimension, the index for a discrete action.
/// </summary>
internal sealed class Actor : ITrainable
{
    private const float HalfLogTwoPi = 0.9189385332046727f;
    private readonly CosineSchedule? _schedule;
    private readonly float[] _logStd;
    private readonly float[] _noise;
    private readonly float[] _actionGradient;
    private readonly Action _firstHalf;
    private readonly Action _secondHalf;
    private BatchSampler? _halves;
    private float _targetRate;
    private Mlp? _target;
    private float[] _criticInput = [], _criticValues = [], _dQda = [], _dLdPi = [];

    /// <summary>
    /// Creates and initializes the policy for <paramref name="data"/> (its normalization and action bounds); a deterministic
    /// one emits chunks of <paramref name="chunkLength"/> actions, and everything below reads a chunk as one wide action.
    /// </summary>
    public Actor(TrajectoryDataset data, PolicyHead head, IReadOnlyList<int> hiddenSizes, int batch, float learningRate, NnRandom random, CosineSchedule? schedule = null, int chunkLength = 1)
        : this(PolicyFactory.Create(data, head, hiddenSizes, batch, random, chunkLength), batch, learningRate, schedule)
    {
    }

    /// <summary>Trains <paramref name="head"/> (already initialized), e.g. SAC's squashed Gaussian.</summary>
    public Actor(MlpHead head, int batch, float learningRate, CosineSchedule? schedule = null)
    {
        Head = head;
        Optimizer = new Adam(Head.Parameters.Length, learningRate);
        _schedule = schedule;
        var dims = Math.Max(Head.ActionsPerRow, 1);
        _logStd = new float[dims];
        _noise = new float[batch * dims];
        _actionGradient = new float[batch * dims];
        _firstHalf = () => Half(0);
        _secondHalf = () => Half(1);
    }

    public string Name => "policy";

    /// <summary>The trained head: its network, parameters and gradients (and, to users, the deployable policy).</summary>
    public MlpHead Head { get; }

    public Adam Optimizer { get; }

    /// <summary>Polyak-averaged copy of the network's parameters (empty until <see cref="AddTarget"/>).</summary>
    public float[] TargetParameters { get; private set; } = [];

    /// <summary>
    /// Gives the actor a target network (TD3's target policy): a copy of its network now, moved toward it by
    /// <see cref="UpdateTarget"/>. Checkpoints then hold it too.
    /// </summary>
    public void AddTarget(float rate, int batch)
    {
        var net = Head.Net;
        TargetParameters = net.Parameters.ToArray();
        _target = new Mlp(net.Options, batch, TargetParameters, new float[TargetParameters.Length], 0) { RowSharding = false };
        _targetRate = rate;
    }

    /// <summary>θ′ ← (1 − rate)·θ′ + rate·θ for the target network.</summary>
    public void UpdateTarget() => Polyak.Update(TargetParameters, Head.Net.Parameters, _targetRate);

    /// <summary>
    /// TD3's target actions for a deterministic actor: ã = clip(π̄(s) + clip(σ·ε, −c, c), −1, 1), ε ~ N(0, I), from the
    /// target network (target-policy smoothing).
    /// </summary>
    public void SmoothedTargetActions(ReadOnlySpan<float> observations, int batch, NnRandom random, float sigma, float clip, Span<float> actions)
    {
        var target = _target ?? throw new InvalidOperationException("The actor has no target network (AddTarget).");
        var mean = target.Evaluate(observations, batch);
        for (var i = 0; i < batch * Head.ActionsPerRow; i++)
        {
            var noise = Math.Clamp(sigma * (float)random.NextGaussian(), -clip, clip);
            actions[i] = Math.Clamp(mean[i] + noise, -1f, 1f);
        }
    }

    /// <summary>Stops the actor's passes from splitting their rows (for algorithms whose <see cref="StepPlan"/> runs networks side by side).</summary>
    public void RunsBesideOthers() => Head.Net.RowSharding = false;

    /// <summary>Sets the learning rate the schedule gives 0-based <paramref name="step"/>.</summary>
    public void FollowSchedule(int step)
    {
        if (_schedule is not null)
        {
            Optimizer.LearningRate = _schedule.LearningRate(step);
        }
    }

    /// <summary>The training forward pass on <paramref name="observations"/>; returns the network output (the tanh mean for continuous heads, logits for discrete).</summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> observations, int batch) => Head.Net.Forward(observations, batch, training: true);

    /// <summary>
    /// After <see cref="Forward"/>: one optimizer step on −(1/B)·Σ w_b·log π(a_b|s_b) (weighted MSE for the deterministic
    /// head; empty <paramref name="weights"/> means w = 1); returns the loss.
    /// </summary>
    public float StepOnLikelihood(int step, ReadOnlySpan<float> actions, ReadOnlySpan<float> weights, int batch)
    {
        FollowSchedule(step);
        Head.ZeroGradients();
        var loss = Head.AccumulateLossGradientAfterForward(actions, weights, batch);
        Optimizer.Step(Head.Parameters, Head.Gradients);
        return loss;
    }

    /// <summary>
    /// Samples a batch and takes one likelihood step on it, as behavior cloning does. When the network splits rows
    /// between two threads, each thread gathers, runs and differentiates its half of the batch and Adam adds the second
    /// half's gradient as it goes (one join per step); the result is the same as on one thread.
    /// </summary>
    public float StepOnLikelihood(int step, BatchSampler sampler)
    {
        FollowSchedule(step);
        if (Head.Net.SplitsRows(sampler.BatchSize))
        {
            sampler.DrawRows();
            _halves = sampler;
            Head.BeginLossParts();
            ParallelWorkers.Invoke(_firstHalf, _secondHalf, NnThreading.ThreadCount);
            var partsLoss = Head.EndLossParts();
            Optimizer.Step(Head.Parameters, Head.Gradients, Head.ShardGradients);
            return partsLoss;
        }

        sampler.Sample();
        Head.ZeroGradients();
        var loss = Head.AccumulateLossGradient(sampler.Observations, sampler.Actions, sampler.Weights, sampler.BatchSize);
        Optimizer.Step(Head.Parameters, Head.Gradients);
        return loss;
    }

    /// <summary>
    /// After <see cref="Forward"/> of a continuous head: accumulates the gradient of a loss whose derivative with respect
    /// to the actor's action μ(s) is <paramref name="actionGradient"/> (batch × action dimension), e.g. −λ·∂Q/∂a.
    /// Call <see cref="MlpHead.ZeroGradients"/> first and <see cref="Update"/> after.
    /// </summary>
    public void BackwardFromActions(ReadOnlySpan<float> actionGradient, int batch)
    {
        RequireContinuous();
        Head.Net.Backward(actionGradient.Slice(0, batch * Head.ActionsPerRow), batch);
    }

    /// <summary>
    /// After <see cref="Forward"/> of a deterministic head: one optimizer step on the DDPG+BC loss (<see cref="DdpgBcLoss"/>)
    /// against <paramref name="critic"/> at (s, π(s)) — Q₁, or min(Q₁, Q₂) with <paramref name="ofMinimum"/> — leaving the
    /// critic untouched; returns the loss.
    /// </summary>
    public double StepOnCritic(
        int step, Critic critic, ReadOnlySpan<float> observations, ReadOnlySpan<float> actions,
        bool ofMinimum, float qScale, bool normalizeQ, float penalty, int batch)
    {
        var n = Head.ActionsPerRow;
        if (_dLdPi.Length == 0)
        {
            (_criticInput, _criticValues, _dQda, _dLdPi) = (critic.NewInput(), new float[batch], new float[batch * n], new float[batch * n]);
        }

        var pi = Head.Net.Output;
        critic.ActionGradient(critic.Input(observations, pi, _criticInput), ofMinimum, _criticValues, _dQda);
        var loss = DdpgBcLoss.Gradient(pi, actions, _criticValues, _dQda, qScale, normalizeQ, penalty, batch, n, _dLdPi);
        Head.ZeroGradients();
        BackwardFromActions(_dLdPi, batch);
        Update(step);
        return loss;
    }

    /// <summary>
    /// After <see cref="Forward"/> of a Gaussian head: draws a = μ(s) + σ·ε (ε ~ N(0, I), not clipped, so the sample is a
    /// differentiable function of the parameters) and log π(a|s) = Σ_d (−ε_d²/2 − log σ_d − ½ log 2π). The noise is kept
    /// for <see cref="BackwardFromSamples"/>.
    /// </summary>
    public void SampleReparameterized(int batch, NnRandom random, Span<float> actions, Span<float> logProbs)
    {
        var gaussian = Head as GaussianHead ?? throw new InvalidOperationException("Reparameterized samples need a Gaussian policy.");
        var n = Head.ActionDimension;
        var mean = Head.Net.Output;
        gaussian.ClippedLogStd(_logStd);
        for (var b = 0; b < batch; b++)
        {
            float logProb = 0;
            for (var d = 0; d < n; d++)
            {
                var eps = (float)random.NextGaussian();
                _noise[b * n + d] = eps;
                actions[b * n + d] = mean[b * n + d] + MathF.Exp(_logStd[d]) * eps;
                logProb -= 0.5f * eps * eps + _logStd[d] + HalfLogTwoPi;
            }

            logProbs[b] = logProb;
        }
    }

    /// <summary>
    /// Accumulates the gradient of a loss L(a, log π) of the last <see cref="SampleReparameterized"/> batch, given
    /// ∂L/∂a and ∂L/∂log π: through a = μ + σ·ε, ∂L/∂μ = ∂L/∂a and ∂L/∂log σ_d = Σ_b (∂L/∂a_bd·σ_d·ε_bd − ∂L/∂log π_b)
    /// (inside the clip of log σ). Call <see cref="MlpHead.ZeroGradients"/> first and <see cref="Update"/> after.
    /// </summary>
    public void BackwardFromSamples(ReadOnlySpan<float> actionGradient, ReadOnlySpan<float> logProbGradient, int batch)
    {
        var gaussian = (GaussianHead)Head;
        var n = Head.ActionDimension;
        Head.Net.Backward(actionGradient.Slice(0, batch * n), batch);
        var raw = gaussian.LogStd;
        var grads = Head.Gradients.Slice(Head.NetworkParameterCount, n);
        for (var d = 0; d < n; d++)
        {
            if (raw[d] < gaussian.LogStdMin || raw[d] > gaussian.LogStdMax)
            {
                continue;
            }

            var sigma = MathF.Exp(_logStd[d]);
            double sum = 0;
            for (var b = 0; b < batch; b++)
            {
                sum += actionGradient[b * n + d] * sigma * _noise[b * n + d] - logProbGradient[b];
            }

            grads[d] += (float)sum;
        }
    }

    /// <summary>
    /// Draws one action per row of <paramref name="observations"/> from the current policy without touching what a
    /// backward pass needs: a Gaussian head's μ + σ·ε clipped to [−1, 1], a categorical head's index (as a float), a
    /// deterministic head's action.
    /// </summary>
    public void SampleActions(ReadOnlySpan<float> observations, int batch, NnRandom random, Span<float> actions)
    {
        var output = Head.Net.Evaluate(observations, batch);
        switch (Head)
        {
            case GaussianHead gaussian:
                var n = Head.ActionDimension;
                gaussian.ClippedLogStd(_logStd);
                for (var i = 0; i < batch * n; i++)
                {
                    actions[i] = Math.Clamp(output[i] + MathF.Exp(_logStd[i % n]) * (float)random.NextGaussian(), -1f, 1f);
                }

                break;
            case CategoricalHead:
                var k = Head.ActionCount;
                for (var b = 0; b < batch; b++)
                {
                    var logits = output.Slice(b * k, k);
                    var lse = CategoricalLogLikelihood.LogSumExp(logits);
                    var u = random.NextDouble();
                    double cumulative = 0;
                    var chosen = k - 1;
                    for (var a = 0; a < k; a++)
                    {
                        cumulative += Math.Exp(logits[a] - lse);
                        if (u < cumulative)
                        {
                            chosen = a;
                            break;
                        }
                    }

                    actions[b] = chosen;
                }

                break;
            default:
                output.Slice(0, batch * Head.ActionsPerRow).CopyTo(actions);
                break;
        }
    }

    /// <summary>One optimizer step on the accumulated gradients (after following the schedule).</summary>
    public void Update(int step)
    {
        FollowSchedule(step);
        Optimizer.Step(Head.Parameters, Head.Gradients);
    }

    public void WriteParameters(BinaryWriter writer)
    {
        StateIO.Write(writer, Head.Parameters);
        if (TargetParameters.Length > 0)
        {
            StateIO.Write(writer, TargetParameters);
        }
    }

    public void ReadParameters(BinaryReader reader)
    {
        StateIO.Read(reader, Head.Parameters);
        if (TargetParameters.Length > 0)
        {
            StateIO.Read(reader, TargetParameters);
        }
    }

    private void RequireContinuous()
    {
        if (Head.Kind == PolicyKind.Categorical)
        {
            throw new InvalidOperationException("A gradient on actions needs a continuous policy.");
        }
    }

    private void Half(int part)
    {
        var sampler = _halves!;
        var batch = sampler.BatchSize;
        var (from, to) = ParallelWorkers.Half(batch, part);
        sampler.Gather(from, to);
        Head.LossGradientPart(sampler.Observations, sampler.Actions, sampler.Weights, batch, part);
    }
}
