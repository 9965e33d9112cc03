using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// Fitted Q evaluation (Le, Voloshin &amp; Yue 2019, "Batch policy learning under constraints", ICML, arXiv:1903.08738,
/// Algorithm 3): the action values of a fixed target policy π learned from logged transitions alone.
/// <list type="number">
/// <item>Q₀ is a freshly initialized network.</item>
/// <item>Iteration k regresses Q on the targets y = r + γ(1 − terminal)·Σ_{a′} π(a′|s′)·Q_{k−1}(s′, a′) over the logged
/// (s, a, r, s′): here 20 Adam steps (<see cref="FittedQEvaluationOptions.TargetUpdateInterval"/>) on minibatches drawn
/// uniformly with replacement, with Q_{k−1} the frozen copy Q̄ refreshed after each iteration.</item>
/// <item>The estimate is the mean over the episodes' initial states of V̂(s₀) = Σ_a π(a|s₀)·Q̂(s₀, a).</item>
/// </list>
/// One safeguard the paper does not need (its Q is a fitted function class, not a network trained by steps): each target y
/// is clipped to the range a discounted return can take with the data's rewards, [min(0, r_min), max(0, r_max)]/(1 − γ),
/// which keeps a critic that extrapolates badly off the data from diverging (measured: an untrained CartPole policy's
/// estimate went to −1.6·10⁴ without it, true value 9).
/// The sum over a′ is the greedy action, every discrete action weighted by π, or (continuous, stochastic) one of K draws
/// per state chosen at random each step. The critic reads observations normalized by the data's mean and std and
/// continuous actions scaled to [−1, 1]; it trains in float32, its values are returned in float64.
/// </summary>
internal sealed class FittedQEvaluation
{
    private readonly TrajectoryDataset _data;
    private readonly IPolicy _policy;
    private readonly TargetPolicyActions _mode;
    private readonly FittedQEvaluationOptions _options;
    private readonly PolicyPreprocessing _pre;
    private readonly Mlp _q;
    private readonly Mlp _target;
    private readonly Adam _adam;
    private readonly int _obsDim;
    private readonly int _actDim;
    private readonly int _inputSize;
    private readonly int _outputs;
    private readonly bool _discrete;
    private readonly int _seed;

    private FittedQEvaluation(TrajectoryDataset data, IPolicy policy, TargetPolicyActions mode, FittedQEvaluationOptions options, int seed)
    {
        _data = data;
        _policy = policy;
        _mode = mode;
        _options = options;
        _seed = seed;
        _discrete = data.ActionSpace.IsDiscrete;
        _obsDim = data.ObservationDimension;
        _actDim = data.ActionSpace.Dimension;
        _inputSize = _discrete ? _obsDim : _obsDim + _actDim;
        _outputs = _discrete ? data.ActionSpace.Count : 1;
        _pre = PolicyPreprocessing.From(ObservationNormalization.Fit(data), data.ActionSpace);
        var shape = new MlpOptions(_inputSize, [.. options.HiddenSizes], _outputs);
        _q = new Mlp(shape, options.BatchSize);
        _q.Initialize(new NnRandom((ulong)seed));
        _target = new Mlp(shape, options.BatchSize);
        _q.Parameters.CopyTo(_target.Parameters);
        _adam = new Adam(_q.ParameterCount, options.LearningRate);
    }

    /// <summary>The mean squared TD error of the last iteration's steps.</summary>
    public double FinalLoss { get; private set; }

    /// <summary>Trains the critic of <paramref name="policy"/> on <paramref name="data"/> (raw observations) with discount <paramref name="discount"/>.</summary>
    public static FittedQEvaluation Fit(TrajectoryDataset data, IPolicy policy, TargetPolicyActions mode, FittedQEvaluationOptions options, float discount, int seed)
    {
        var fqe = new FittedQEvaluation(data, policy, mode, options, seed);
        var previousThreads = NnThreading.SetScoped(options.Threads);
        try
        {
            fqe.Train(discount);
        }
        finally
        {
            NnThreading.RestoreScoped(previousThreads);
        }

        return fqe;
    }

    private void Train(float discount)
    {
        var table = new TransitionTable(_data);
        var rows = table.Rows;
        var m = rows.Length;
        var d = _obsDim;
        var rawNext = new float[m * d];
        var obs = new float[m * _inputSize];
        var next = new float[m * d];
        var rewards = new float[m];
        var notDone = new float[m];
        var taken = new int[m];
        for (var k = 0; k < m; k++)
        {
            var r = rows[k];
            table.CopyNextObservation(r, rawNext.AsSpan(k * d, d));
            _pre.NormalizeObservations(_data.GetObservation(r), obs.AsSpan(k * _inputSize, d), 1, d);
            if (_discrete)
            {
                taken[k] = _data.DiscreteActions[r];
            }
            else
            {
                _pre.ScaleActions(_data.GetContinuousAction(r), obs.AsSpan((k * _inputSize) + d, _actDim), 1, _actDim);
            }

            rewards[k] = _data.Rewards[r];
            notDone[k] = _data.IsTerminal[r] ? 0f : 1f;
        }

        _pre.NormalizeObservations(rawNext, next, m, d);
        var candidates = TargetActions.Of(_policy, rawNext, m, _data.ActionSpace, _mode, _options.ActionSamples, _seed + 1);
        var kCount = candidates.Candidates;
        var scaledCandidates = candidates.Actions;
        if (!_discrete)
        {
            scaledCandidates = new float[candidates.Actions.Length];
            _pre.ScaleActions(candidates.Actions, scaledCandidates, m * kCount, _actDim);
        }

        var (low, high) = ValueBounds(_data.Rewards, discount, _data.Episodes.Max(e => e.Length));
        var b = _options.BatchSize;
        var random = new NnRandom((ulong)_seed + 2);
        var input = new float[b * _inputSize];
        var nextInput = new float[b * (_discrete ? d : _inputSize)];
        var picked = new int[b];
        var targets = new float[b];
        var gradient = new float[b * _outputs];
        double lossSum = 0;
        var lossSteps = 0;
        for (var step = 0; step < _options.Steps; step++)
        {
            for (var i = 0; i < b; i++)
            {
                var k = random.NextInt(m);
                picked[i] = k;
                obs.AsSpan(k * _inputSize, _inputSize).CopyTo(input.AsSpan(i * _inputSize));
                if (_discrete)
                {
                    next.AsSpan(k * d, d).CopyTo(nextInput.AsSpan(i * d));
                }
                else
                {
                    next.AsSpan(k * d, d).CopyTo(nextInput.AsSpan(i * _inputSize));
                    var c = kCount == 1 ? 0 : random.NextInt(kCount);
                    scaledCandidates.AsSpan(((k * kCount) + c) * _actDim, _actDim).CopyTo(nextInput.AsSpan((i * _inputSize) + d, _actDim));
                }
            }

            var nextQ = _target.Evaluate(nextInput, b);
            for (var i = 0; i < b; i++)
            {
                var k = picked[i];
                double v;
                if (_discrete)
                {
                    v = 0;
                    for (var c = 0; c < kCount; c++)
                    {
                        v += candidates.Probabilities[(k * kCount) + c] * nextQ[(i * _outputs) + (int)candidates.Actions[(k * kCount) + c]];
                    }
                }
                else
                {
                    v = nextQ[i];
                }

                targets[i] = (float)Math.Clamp(rewards[k] + (discount * notDone[k] * v), low, high);
            }

            var q = _q.Forward(input, b, training: true);
            if (_discrete)
            {
                gradient.AsSpan().Clear();
            }

            double loss = 0;
            for (var i = 0; i < b; i++)
            {
                var at = _discrete ? (i * _outputs) + taken[picked[i]] : i;
                var diff = q[at] - targets[i];
                loss += (double)diff * diff;
                gradient[at] = diff / b;
            }

            _q.Backward(gradient, b, accumulate: false);
            _adam.Step(_q.Parameters, _q.Gradients);
            lossSum += loss / b;
            lossSteps++;
            if ((step + 1) % _options.TargetUpdateInterval == 0)
            {
                _q.Parameters.CopyTo(_target.Parameters);
                FinalLoss = lossSum / lossSteps;
                (lossSum, lossSteps) = (0, 0);
            }
        }

        if (lossSteps > 0)
        {
            FinalLoss = lossSum / lossSteps;
        }

    }

    /// <summary>
    /// The range every discounted return can take with the data's rewards: [min(0, r_min), max(0, r_max)]·Σ_t γᵗ, with
    /// Σ_t γᵗ = 1/(1 − γ) (or the longest episode's length at γ = 1).
    /// </summary>
    internal static (double Low, double High) ValueBounds(ReadOnlySpan<float> rewards, float discount, int longestEpisode = int.MaxValue)
    {
        double min = 0, max = 0;
        foreach (var r in rewards)
        {
            (min, max) = (Math.Min(min, r), Math.Max(max, r));
        }

        var horizon = discount < 1 ? 1 / (1 - (double)discount) : longestEpisode;
        return (min * horizon, max * horizon);
    }

    /// <summary>Q̂(s, a) at raw observations and environment-unit actions (discrete: the index), in float64.</summary>
    public double[] ActionValues(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int count)
    {
        var result = new double[count];
        var candidates = new float[count];
        Array.Fill(candidates, 1f);
        Evaluate(observations, actions, candidates, count, 1, result);
        return result;
    }

    /// <summary>V̂(s) = Σ_a π(a|s)·Q̂(s, a) at raw observations, in float64.</summary>
    public double[] StateValues(ReadOnlySpan<float> observations, int count)
    {
        var target = TargetActions.Of(_policy, observations, count, _data.ActionSpace, _mode, _options.ActionSamples, _seed + 3);
        var result = new double[count];
        Evaluate(observations, target.Actions, target.Probabilities, count, target.Candidates, result);
        return result;
    }

    /// <summary>Σ_k p_k·Q̂(s, a_k) for K candidates per state, in chunks of the batch size.</summary>
    private void Evaluate(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, ReadOnlySpan<float> probabilities, int count, int kCount, double[] result)
    {
        var b = _options.BatchSize;
        var d = _obsDim;
        var input = new float[b * _inputSize];
        var normalized = new float[d];
        var scaled = new float[_actDim];
        if (_discrete)
        {
            for (var start = 0; start < count; start += b)
            {
                var rows = Math.Min(b, count - start);
                _pre.NormalizeObservations(observations.Slice(start * d, rows * d), input, rows, d);
                var q = _q.Evaluate(input, rows);
                for (var i = 0; i < rows; i++)
                {
                    double v = 0;
                    for (var c = 0; c < kCount; c++)
                    {
                        var at = ((start + i) * kCount) + c;
                        v += probabilities[at] * q[(i * _outputs) + (int)actions[at]];
                    }

                    result[start + i] = v;
                }
            }

            return;
        }

        // Continuous: one row per (state, candidate).
        var total = count * kCount;
        for (var start = 0; start < total; start += b)
        {
            var rows = Math.Min(b, total - start);
            for (var i = 0; i < rows; i++)
            {
                var state = (start + i) / kCount;
                _pre.NormalizeObservations(observations.Slice(state * d, d), normalized, 1, d);
                normalized.CopyTo(input.AsSpan(i * _inputSize));
                _pre.ScaleActions(actions.Slice((start + i) * _actDim, _actDim), scaled, 1, _actDim);
                scaled.CopyTo(input.AsSpan((i * _inputSize) + d));
            }

            var q = _q.Evaluate(input, rows);
            for (var i = 0; i < rows; i++)
            {
                result[(start + i) / kCount] += probabilities[start + i] * q[i];
            }
        }
    }
}
