using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Algorithms.Common;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Algorithms.Iql;

/// <summary>
/// One IQL step in CORL's order: next_v = V(s′); target_q = min(Q̄₁, Q̄₂)(s, a); V by expectile regression toward
/// target_q; Q₁, Q₂ by MSE toward r + γ·(1 − terminal)·next_v (averaged); Polyak update of the targets; the policy by
/// advantage-weighted log-likelihood with w = min(exp(β·(target_q − V(s))), MaxWeight). Q is only ever evaluated on
/// the data's (s, a) pairs. Discrete actions: Q(s) outputs one value per action and the data's action is gathered.
/// All buffers are preallocated; the steady-state step allocates nothing.
/// </summary>
/// <remarks>Kostrikov, Nair &amp; Levine 2021: https://arxiv.org/abs/2110.06169 ; update order of CORL's iql.py.</remarks>
internal sealed class IqlAlgorithm : ITrainingAlgorithm
{
    private static readonly string[] Names = ["value", "q", "policy"];
    private readonly IqlOptions _options;
    private readonly BatchSampler _sampler;
    private readonly bool _discrete;
    private readonly int _obsDim;
    private readonly int _actDim;
    private readonly int _qInput;
    private readonly int _qOutput;
    private readonly int _batch;
    private readonly float[] _vParams;
    private readonly float[] _vGrads;
    private readonly float[] _qParams;
    private readonly float[] _qGrads;
    private readonly float[] _qTargetParams;
    private readonly Mlp _v;
    private readonly Mlp _q1;
    private readonly Mlp _q2;
    private readonly Mlp _q1Target;
    private readonly Mlp _q2Target;
    private readonly Adam _vAdam;
    private readonly Adam _qAdam;
    private readonly Adam _policyAdam;
    private readonly CosineSchedule? _actorSchedule;
    private readonly float[] _qIn;
    private readonly float[] _nextV;
    private readonly float[] _targetQ;
    private readonly float[] _advantage;
    private readonly float[] _weights;
    private readonly float[] _vGradOut;
    private readonly float[] _qGradOut;
    private readonly bool _splitQ2;
    private readonly Action _forwardFirst;
    private readonly Action _forwardSecond;
    private readonly Action _updateQ;
    private readonly Action _updateValueAndPolicy;
    private int _step;
    private double _valueLoss;
    private double _qLoss;
    private double _policyLoss;

    public IqlAlgorithm(TrajectoryDataset data, IqlOptions options, int seed)
    {
        _options = options;
        _batch = options.BatchSize;
        var random = new NnRandom((ulong)seed);
        Policy = PolicyFactory.Create(data, options.Head, options.HiddenSizes, options.BatchSize, random);
        _sampler = new BatchSampler(data, options.BatchSize, new NnRandom((ulong)seed ^ 0x5DEECE66DUL), temporalDifference: true, useWeights: false);
        if (_sampler.PoolSize == 0)
        {
            throw new ArgumentException($"{data.Source}: no step has a TD target (every step is a truncated last step without a next observation).");
        }

        _discrete = data.ActionSpace.IsDiscrete;
        _obsDim = data.ObservationDimension;
        _actDim = data.ActionSpace.Dimension;
        _qInput = _discrete ? _obsDim : _obsDim + _actDim;
        _qOutput = _discrete ? data.ActionSpace.Count : 1;
        var hidden = options.HiddenSizes.ToArray();
        var vOptions = new MlpOptions(_obsDim, hidden, 1);
        var qOptions = new MlpOptions(_qInput, hidden, _qOutput);
        var vCount = Mlp.CountParameters(vOptions);
        var qCount = Mlp.CountParameters(qOptions);
        _vParams = new float[vCount];
        _vGrads = new float[vCount];
        _qParams = new float[2 * qCount];
        _qGrads = new float[2 * qCount];
        _qTargetParams = new float[2 * qCount];
        var targetGrads = new float[2 * qCount];
        _v = new Mlp(vOptions, _batch, _vParams, _vGrads, 0);
        _q1 = new Mlp(qOptions, _batch, _qParams, _qGrads, 0);
        _q2 = new Mlp(qOptions, _batch, _qParams, _qGrads, qCount);
        _q1Target = new Mlp(qOptions, _batch, _qTargetParams, targetGrads, 0);
        _q2Target = new Mlp(qOptions, _batch, _qTargetParams, targetGrads, qCount);
        // The step already runs networks side by side (see Step); their passes are not split further, which also
        // keeps IQL bit-identical for any thread count.
        foreach (var net in new[] { _v, _q1, _q2, _q1Target, _q2Target, Policy.Net })
        {
            net.RowSharding = false;
        }

        _v.Initialize(random);
        _q1.Initialize(random);
        _q2.Initialize(random);
        _qParams.AsSpan().CopyTo(_qTargetParams);
        _vAdam = new Adam(vCount, options.LearningRate);
        _qAdam = new Adam(2 * qCount, options.LearningRate);
        _policyAdam = new Adam(Policy.Parameters.Length, options.LearningRate);
        _actorSchedule = options.ActorCosineDecay ? new CosineSchedule(options.LearningRate, options.Steps) : null;
        _qIn = new float[_batch * _qInput];
        _nextV = new float[_batch];
        _targetQ = new float[_batch];
        _advantage = new float[_batch];
        _weights = new float[_batch];
        _vGradOut = new float[_batch];
        _qGradOut = new float[_batch * _qOutput];
        _splitQ2 = _q2.SupportsForwardParts;
        _forwardFirst = ForwardFirst;
        _forwardSecond = ForwardSecond;
        _updateQ = UpdateQ;
        _updateValueAndPolicy = UpdateValueAndPolicy;
    }

    public Policy Policy { get; }

    public string Name => "Iql";

    public IReadOnlyList<string> LossNames => Names;

    /// <summary>Truncated last steps without a next observation, left out of the TD losses.</summary>
    public int ExcludedFromTemporalDifference => _sampler.ExcludedFromTemporalDifference;

    /// <summary>Test hook: receives the data rows and the actions every Q evaluation (online or target) uses.</summary>
    internal Action<int[], float[]>? QueryObserver { get; set; }

    internal Span<float> ValueParameters => _vParams;

    internal ReadOnlySpan<float> ValueGradients => _vGrads;

    internal Span<float> QParameters => _qParams;

    internal ReadOnlySpan<float> QGradients => _qGrads;

    internal Span<float> TargetQParameters => _qTargetParams;

    internal BatchSampler Sampler => _sampler;

    public void Step(int step, Span<double> losses)
    {
        _sampler.Sample();
        _step = step;
        var threads = NnThreading.ThreadCount;
        BuildQInput();

        // Two phases of two independent halves each; with 2+ threads each phase runs its halves side by side.
        // Phase 1 is every forward pass (7 networks; Q2's rows are split between the halves so both do 3½),
        // phase 2 every backward pass and optimizer step (Q1, Q2 | V, policy). Every half writes only its own
        // buffers (or its own rows of Q2's), so the result is the same for any thread count.
        ParallelWorkers.Invoke(_forwardFirst, _forwardSecond, threads);
        ParallelWorkers.Invoke(_updateQ, _updateValueAndPolicy, threads);
        losses[0] = _valueLoss;
        losses[1] = _qLoss;
        losses[2] = _policyLoss;
    }

    /// <summary>
    /// On the current batch: zeroes and fills the V and Q gradients, writes the value loss into losses[0] and the
    /// (averaged twin) Q loss into losses[1], and the policy weights. Parameters are not changed.
    /// </summary>
    internal void ComputeCriticGradients(Span<double> losses)
    {
        BuildQInput();
        ForwardFirst();
        ForwardSecond();
        ComputeValueGradients();
        ComputeQGradients();
        losses[0] = _valueLoss;
        losses[1] = _qLoss;
    }

    /// <summary>
    /// Phase 1, first half: target_q = min(Q̄1(s,a), Q̄2(s,a)); Q1(s,a); the first half of Q2(s,a)'s rows.
    /// </summary>
    private void ForwardFirst()
    {
        var b = _batch;
        var actions = _sampler.Actions;
        var indices = _sampler.ActionIndices;
        var qIn = QInput();
        QueryObserver?.Invoke(_sampler.Rows, actions);
        var t1 = _q1Target.Evaluate(qIn, b);
        Gather(t1, indices, _targetQ);
        QueryObserver?.Invoke(_sampler.Rows, actions);
        var t2 = _q2Target.Evaluate(qIn, b);
        for (var i = 0; i < b; i++)
        {
            var q = _discrete ? t2[i * _qOutput + indices[i]] : t2[i];
            _targetQ[i] = MathF.Min(_targetQ[i], q);
        }

        QueryObserver?.Invoke(_sampler.Rows, actions);
        _q1.Forward(qIn, b);
        QueryObserver?.Invoke(_sampler.Rows, actions);
        if (_splitQ2)
        {
            _q2.ForwardPart(qIn, b, 0, b / 2);
        }
        else
        {
            _q2.Forward(qIn, b);
        }
    }

    /// <summary>
    /// Phase 1, second half: next_v = V(s′) and V(s), both with the V of before this step's update; the policy's
    /// forward pass; the second half of Q2(s,a)'s rows.
    /// </summary>
    private void ForwardSecond()
    {
        _v.Evaluate(_sampler.NextObservations, _batch).CopyTo(_nextV);
        _v.Forward(_sampler.Observations, _batch);
        Policy.Net.Forward(_sampler.Observations, _batch, training: true);
        if (_splitQ2)
        {
            _q2.ForwardPart(QInput(), _batch, _batch / 2, _batch);
        }
    }

    /// <summary>Fills the continuous Q input, concat(s, scaled a), for the current batch (discrete Q reads s itself).</summary>
    private void BuildQInput()
    {
        if (_discrete)
        {
            return;
        }

        var obs = _sampler.Observations;
        var actions = _sampler.Actions;
        for (var i = 0; i < _batch; i++)
        {
            obs.AsSpan(i * _obsDim, _obsDim).CopyTo(_qIn.AsSpan(i * _qInput, _obsDim));
            actions.AsSpan(i * _actDim, _actDim).CopyTo(_qIn.AsSpan(i * _qInput + _obsDim, _actDim));
        }
    }

    /// <summary>Q input: s (discrete) or concat(s, scaled a) (continuous, filled by <see cref="BuildQInput"/>).</summary>
    private ReadOnlySpan<float> QInput() => _discrete ? _sampler.Observations.AsSpan(0, _batch * _obsDim) : _qIn;

    /// <summary>Phase 2, first half: Q gradients, the Q optimizer step and the Polyak update of the targets.</summary>
    private void UpdateQ()
    {
        ComputeQGradients();
        _qAdam.Step(_qParams, _qGrads);
        Polyak.Update(_qTargetParams, _qParams, _options.TargetUpdateRate);
    }

    /// <summary>Phase 2, second half: V by expectile regression, then the policy by advantage-weighted likelihood.</summary>
    private void UpdateValueAndPolicy()
    {
        ComputeValueGradients();
        _vAdam.Step(_vParams, _vGrads);
        if (_actorSchedule is not null)
        {
            _policyAdam.LearningRate = _actorSchedule.LearningRate(_step);
        }

        Policy.ZeroGradients();
        _policyLoss = Policy.AccumulateLossGradientAfterForward(_sampler.Actions, _weights, _batch);
        _policyAdam.Step(Policy.Parameters, Policy.Gradients);
    }

    /// <summary>V by expectile regression toward target_q (V(s) from <see cref="ForwardSecond"/>); advantages and policy weights.</summary>
    private void ComputeValueGradients()
    {
        var b = _batch;
        var v = _v.Output;
        var tau = _options.Expectile;
        var beta = _options.InverseTemperature;
        var maxWeight = _options.MaxWeight;
        double vLoss = 0;
        for (var i = 0; i < b; i++)
        {
            var u = _targetQ[i] - v[i];
            var w = u < 0 ? 1 - tau : tau;
            vLoss += w * u * u;
            _vGradOut[i] = -2f * w * u / b;
            _advantage[i] = u;
            _weights[i] = MathF.Min(MathF.Exp(beta * u), maxWeight);
        }

        _v.Backward(_vGradOut, b, accumulate: false);
        _valueLoss = vLoss / b;
    }

    /// <summary>
    /// Q_i by MSE toward y = r + γ·(1 − terminal)·next_v (Q_i(s,a) from phase 1); the loss is the mean over the two Qs.
    /// </summary>
    private void ComputeQGradients()
    {
        var gamma = _options.Discount;
        var rewards = _sampler.Rewards;
        var notDone = _sampler.NotDone;
        var indices = _sampler.ActionIndices;
        double qLoss = 0;
        qLoss += QLoss(_q1, rewards, notDone, gamma, indices);
        qLoss += QLoss(_q2, rewards, notDone, gamma, indices);
        _qLoss = qLoss / 2;
    }

    private double QLoss(Mlp q, float[] rewards, float[] notDone, float gamma, int[] indices)
    {
        var b = _batch;
        var output = q.Output;
        var dOut = _qGradOut.AsSpan(0, b * _qOutput);
        if (_discrete)
        {
            dOut.Clear();
        }

        double loss = 0;
        for (var i = 0; i < b; i++)
        {
            var y = rewards[i] + gamma * notDone[i] * _nextV[i];
            var at = _discrete ? i * _qOutput + indices[i] : i;
            var diff = output[at] - y;
            loss += (double)diff * diff;

            // d/dq of ½·mean((q − y)²) (the ½ averages the twin losses).
            dOut[at] = diff / b;
        }

        q.Backward(dOut, b, accumulate: false); // Q1 and Q2 together overwrite every Q gradient
        return loss / b;
    }

    private void Gather(ReadOnlySpan<float> output, int[] indices, Span<float> destination)
    {
        if (_discrete)
        {
            for (var i = 0; i < _batch; i++)
            {
                destination[i] = output[i * _qOutput + indices[i]];
            }
        }
        else
        {
            output.Slice(0, _batch).CopyTo(destination);
        }
    }

    public void LearningRates(Dictionary<string, double> rates)
    {
        rates["value"] = _vAdam.LearningRate;
        rates["q"] = _qAdam.LearningRate;
        rates["policy"] = _policyAdam.LearningRate;
    }

    public IReadOnlyList<ValueNetwork> ValueNetworks()
    {
        var hidden = _options.HiddenSizes;
        return
        [
            new ValueNetwork("v", _obsDim, hidden, 1, _vParams),
            new ValueNetwork("q1", _qInput, hidden, _qOutput, _q1.Parameters),
            new ValueNetwork("q2", _qInput, hidden, _qOutput, _q2.Parameters),
        ];
    }

    public void WriteState(BinaryWriter writer)
    {
        StateIO.Write(writer, Policy.Parameters);
        StateIO.Write(writer, _vParams);
        StateIO.Write(writer, _qParams);
        StateIO.Write(writer, _qTargetParams);
        StateIO.Write(writer, _policyAdam);
        StateIO.Write(writer, _vAdam);
        StateIO.Write(writer, _qAdam);
        StateIO.Write(writer, _sampler.Random);
    }

    public void ReadState(BinaryReader reader)
    {
        StateIO.Read(reader, Policy.Parameters);
        StateIO.Read(reader, _vParams);
        StateIO.Read(reader, _qParams);
        StateIO.Read(reader, _qTargetParams);
        StateIO.Read(reader, _policyAdam);
        StateIO.Read(reader, _vAdam);
        StateIO.Read(reader, _qAdam);
        StateIO.Read(reader, _sampler.Random);
    }
}
