using System.Numerics.Tensors;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.Cql;

/// <summary>
/// CQL(H) for continuous actions (Kumar, Zhou, Tucker &amp; Levine 2020, https://arxiv.org/abs/2006.04779; equations in
/// docs/cql.md), in the paper's order:
/// <list type="number">
/// <item>eq. 4 with the entropy regularizer R(μ) = H(μ): the critic k's penalty is α·mean_b (log ∫ exp Q_k(s_b, ã) dã − Q_k(s_b, a_b));</item>
/// <item>appendix F: the integral by importance sampling from N uniform actions on [−1, 1]ⁿ (density 2⁻ⁿ), N actions
/// from π(·|s) and N from π(·|s′), each at s: log Σ_j exp(Q_k(s, ã_j) − log q(ã_j)) (the constant log 3N dropped; it
/// moves no gradient);</item>
/// <item>the Lagrangian form: weight α′·α with α′ = exp(θ) ascending α′·α·(gap − τ), as a dual variable.</item>
/// </list>
/// The samples carry no gradient (the actor is not moved by the critic's penalty). Each critic descends
/// ½·(mean (Q_k − y)² + α·gap_k) — CORL's loss halved, which Adam does not see.
/// </summary>
internal sealed class ContinuousConservativePenalty : ICriticPenalty
{
    private readonly SoftActorCritic _sac;
    private readonly ContinuousCqlOptions _options;
    private readonly NnRandom _random;
    private readonly int _batch, _obsDim, _actDim, _samples, _rows, _inputSize;
    private readonly Mlp[] _nets;
    private readonly float[] _gradients, _input, _actions, _policyLogProbs, _logDensity, _noise, _outputGradient, _dataGradient;

    public ContinuousConservativePenalty(SoftActorCritic sac, ContinuousCqlOptions options, int batch, int observationDimension, float criticLearningRate, NnRandom random)
    {
        (_sac, _options, _random, _batch) = (sac, options, random, batch);
        (_obsDim, _actDim, _samples) = (observationDimension, sac.Head.ActionDimension, options.SampledActions);
        _rows = batch * 3 * _samples;
        var critic = sac.Critic;
        _inputSize = critic.InputSize;

        // Q₁ and Q₂ over the critic's parameters, sized for every sampled row, with gradients of their own.
        _gradients = new float[critic.Network.Parameters.Length];
        _nets = new Mlp[critic.Heads.Count];
        for (var k = 0; k < _nets.Length; k++)
        {
            // Rows stay whole on one thread, so 1 and 2 threads sum the gradient in the same order.
            _nets[k] = new Mlp(critic.Network.Shape, _rows, critic.Network.Parameters, _gradients, k * critic.Heads[0].ParameterCount) { RowSharding = false };
        }

        _input = new float[_rows * _inputSize];
        _actions = new float[batch * _samples * _actDim];
        _policyLogProbs = new float[batch * _samples];
        _logDensity = new float[_rows];
        _noise = new float[_actDim];
        _outputGradient = new float[_rows];
        _dataGradient = new float[batch];
        Multiplier = new LogParameter("cql-alpha", 1f, criticLearningRate);
    }

    /// <summary>The stream the proposals are drawn from.</summary>
    public NnRandom Random => _random;

    /// <summary>α′ of the Lagrangian form (CORL starts log α′ at 1).</summary>
    public LogParameter Multiplier { get; }

    /// <summary>The weight on the gap this step: α, or α′·α (α′ clamped to [0, 10⁶]).</summary>
    public float Weight => _options.Lagrange ? Math.Clamp(Multiplier.Value, 0f, 1e6f) * _options.ConservativeWeight : _options.ConservativeWeight;

    public double AddGradient(int step, in Transitions batch)
    {
        var (b, n, m) = (_batch, _actDim, 3 * _samples);
        var logUniform = -n * MathF.Log(2f);

        // Row b·3N + j holds s_b with the j-th proposal: uniform, then π(·|s_b), then π(·|s′_b).
        for (var i = 0; i < b; i++)
        {
            for (var j = 0; j < _samples; j++)
            {
                var row = i * m + j;
                for (var d = 0; d < n; d++)
                {
                    _input[row * _inputSize + _obsDim + d] = (float)(2 * _random.NextDouble() - 1);
                }

                _logDensity[row] = logUniform;
            }
        }

        PolicyProposals(batch.Observations, 1);
        PolicyProposals(batch.NextObservations, 2);
        for (var row = 0; row < b * m; row++)
        {
            batch.Observations.AsSpan(row / m * _obsDim, _obsDim).CopyTo(_input.AsSpan(row * _inputSize, _obsDim));
        }

        var weight = Weight;
        var share = 1f / _nets.Length; // the penalty is on the heads' average
        double gapSum = 0;
        _gradients.AsSpan().Clear();
        for (var k = 0; k < _nets.Length; k++)
        {
            var data = _sac.Critic.Heads[k];
            var gap = Gap(_nets[k].Forward(_input, _rows), data.Output, share * weight / b);
            gapSum += gap;
            _nets[k].Backward(_outputGradient, _rows, accumulate: false);

            // −α/(N·B) on each logged action's value, through the critic's own training pass.
            _dataGradient.AsSpan().Fill(-share * weight / b);
            data.Backward(_dataGradient, b, accumulate: true);
        }

        TensorPrimitives.Add(_sac.Critic.Network.Gradients, _gradients, _sac.Critic.Network.Gradients);
        if (_options.Lagrange)
        {
            // α′ ascends α′·α·(gap − τ) averaged over the two critics: ∂/∂θ of its negative.
            Multiplier.Step(-Math.Clamp(Multiplier.Value, 0f, 1e6f) * _options.ConservativeWeight * (gapSum / _nets.Length - _options.TargetGap));
        }

        return gapSum / _nets.Length;
    }

    /// <summary>N actions of π at each row of <paramref name="observations"/> into proposal block <paramref name="block"/> of every state.</summary>
    private void PolicyProposals(float[] observations, int block)
    {
        var (n, m) = (_actDim, 3 * _samples);
        _sac.SampleActions(observations, _batch, _samples, _random, _noise, _actions, _policyLogProbs);
        for (var i = 0; i < _batch * _samples; i++)
        {
            var (state, j) = (i / _samples, i % _samples);
            var row = state * m + block * _samples + j;
            _actions.AsSpan(i * n, n).CopyTo(_input.AsSpan(row * _inputSize + _obsDim, n));
            _logDensity[row] = _policyLogProbs[i];
        }
    }

    /// <summary>
    /// Writes ∂/∂Q(s_b, ã_j) of <paramref name="scale"/>·Σ_b log Σ_j exp(Q(s_b, ã_j) − log q_j) — the softmax weights times
    /// <paramref name="scale"/> — and returns mean_b (log Σ_j exp(Q − log q) − Q(s_b, a_b)).
    /// </summary>
    private double Gap(ReadOnlySpan<float> sampled, ReadOnlySpan<float> data, float scale)
    {
        var m = 3 * _samples;
        double gap = 0;
        for (var i = 0; i < _batch; i++)
        {
            var max = float.NegativeInfinity;
            for (var j = 0; j < m; j++)
            {
                max = MathF.Max(max, sampled[i * m + j] - _logDensity[i * m + j]);
            }

            double sum = 0;
            for (var j = 0; j < m; j++)
            {
                sum += Math.Exp(sampled[i * m + j] - _logDensity[i * m + j] - max);
            }

            var logSumExp = max + Math.Log(sum);
            gap += logSumExp - data[i];
            for (var j = 0; j < m; j++)
            {
                _outputGradient[i * m + j] = (float)(scale * Math.Exp(sampled[i * m + j] - _logDensity[i * m + j] - logSumExp));
            }
        }

        return gap / _batch;
    }
}
