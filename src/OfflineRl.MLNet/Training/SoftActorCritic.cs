using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Training;

/// <summary>One batch of transitions in the scaled action space (rows of <see cref="BatchSampler"/> or of a replay buffer).</summary>
internal readonly record struct Transitions(float[] Observations, float[] Actions, float[] Rewards, float[] NotDone, float[] NextObservations);

/// <summary>What an algorithm adds to the soft actor-critic's critic loss (CQL's conservative penalty).</summary>
internal interface ICriticPenalty
{
    /// <summary>
    /// Called after the critic's TD gradient is written and before its optimizer step, with its training forward pass
    /// on (s, a) still in place: adds the penalty's gradient to the critic's parameter gradients and returns the value
    /// to report.
    /// </summary>
    double AddGradient(int step, in Transitions batch);
}

/// <summary>The settings of <see cref="SoftActorCritic"/>.</summary>
/// <param name="Discount">γ.</param>
/// <param name="ActorLearningRate">Adam rate of the actor (and of log α when learned).</param>
/// <param name="InitialTemperature">α at the start (the fixed α when not learned).</param>
/// <param name="LearnTemperature">Learn log α toward <paramref name="TargetEntropy"/>.</param>
/// <param name="TargetEntropy">H̄ of the temperature loss (SAC's −|A|).</param>
/// <param name="BackupEntropy">Subtract α·log π(a′|s′) in the critic's target (SAC); CQL's reference code leaves it out.</param>
/// <param name="BehaviorCloningSteps">Steps at the start whose actor loss is mean (α·log π(ã|s) − log π(a|s)) on the logged a instead of −min Q (CQL's warm start; 0 for SAC).</param>
internal sealed record SoftActorCriticSettings(float Discount, float ActorLearningRate, float InitialTemperature, bool LearnTemperature, float TargetEntropy, bool BackupEntropy, int BehaviorCloningSteps = 0);

/// <summary>
/// The soft actor-critic update (Haarnoja, Zhou, Abbeel &amp; Levine 2018, https://arxiv.org/abs/1801.01290, and the
/// learned temperature of https://arxiv.org/abs/1812.05905), one batch per call, in this order:
/// a′ ~ π(·|s′), y = r + γ(1 − d)·(min Q̄(s′, a′) − α·log π(a′|s′)); Q₁, Q₂ by ½·mean (Q − y)² (plus an
/// <see cref="ICriticPenalty"/>); π by mean (α·log π(ã|s) − min Q(s, ã)), ã = tanh(μ + σ·ε) reparameterized, against the
/// updated critic; log α by −mean (log α·(log π(ã|s) + H̄)); then the Polyak update of Q̄. An online SAC trainer and
/// continuous CQL share it. Single-lane: every thread count gives the same bits.
/// </summary>
internal sealed class SoftActorCritic
{
    private readonly SoftActorCriticSettings _settings;
    private readonly NnRandom _random;
    private readonly int _batch, _actionDim;
    private readonly float[] _nextActions, _nextLogProbs, _target, _qIn, _nextIn, _noise, _actions, _logProbs, _values, _dQda, _dLogPi, _outputGradient, _likelihoodGradient;

    public SoftActorCritic(TrajectoryDataset data, IReadOnlyList<int> hiddenSizes, int batch, float criticLearningRate, float targetRate, SoftActorCriticSettings settings, NnRandom initRandom, NnRandom random, float logStdMin, float logStdMax)
    {
        _settings = settings;
        _random = random;
        _batch = batch;
        _actionDim = data.ActionSpace.Dimension;
        Head = PolicyFactory.CreateSquashedGaussian(data, hiddenSizes, batch, initRandom, logStdMin, logStdMax);
        Actor = new Actor(Head, batch, settings.ActorLearningRate);
        Actor.RunsBesideOthers();
        Critic = new Critic(data, hiddenSizes, batch, criticLearningRate, targetRate, initRandom);
        Temperature = new LogParameter("temperature", MathF.Log(settings.InitialTemperature), settings.ActorLearningRate);
        var n = _actionDim;
        (_nextActions, _nextLogProbs, _target) = (new float[batch * n], new float[batch], new float[batch]);
        (_qIn, _nextIn) = (Critic.NewInput(), Critic.NewInput());
        (_noise, _actions, _logProbs) = (new float[batch * n], new float[batch * n], new float[batch]);
        (_values, _dQda, _dLogPi, _outputGradient) = (new float[batch], new float[batch * n], new float[batch], new float[batch * 2 * n]);
        _likelihoodGradient = settings.BehaviorCloningSteps > 0 ? new float[batch * 2 * n] : [];
    }

    public SquashedGaussianHead Head { get; }

    public Actor Actor { get; }

    public Critic Critic { get; }

    /// <summary>log α, SAC's entropy temperature.</summary>
    public LogParameter Temperature { get; }

    /// <summary>The critic's input of the last batch's (s, a), as <see cref="Update"/> wrote it.</summary>
    public ReadOnlySpan<float> CriticInput => _qIn;

    /// <summary>Losses of the last <see cref="Update"/>: critic TD loss, penalty, actor loss, α.</summary>
    public (double Critic, double Penalty, double Actor, double Alpha) Losses { get; private set; }

    /// <summary>After the critic's step of the last <see cref="Update"/>: the largest |Q| of its training pass (for a <see cref="DivergenceWatch"/>).</summary>
    public float LargestValue { get; private set; }

    /// <summary>
    /// Draws, for each of <paramref name="rows"/> observations, <paramref name="repeats"/> actions from π (no gradient):
    /// action r of row b at row b·repeats + r of <paramref name="actions"/> and <paramref name="logProbs"/>.
    /// </summary>
    public void SampleActions(ReadOnlySpan<float> observations, int rows, int repeats, NnRandom random, Span<float> noise, Span<float> actions, Span<float> logProbs)
    {
        var n = _actionDim;
        var output = Head.Net.Evaluate(observations, rows);
        for (var b = 0; b < rows; b++)
        {
            for (var r = 0; r < repeats; r++)
            {
                var row = b * repeats + r;
                for (var d = 0; d < n; d++)
                {
                    noise[d] = (float)random.NextGaussian();
                }

                SquashedGaussian.Sample(output.Slice(b * 2 * n, 2 * n), noise, 1, n, Head.LogStdMin, Head.LogStdMax, actions.Slice(row * n, n), logProbs.Slice(row, 1));
            }
        }
    }

    /// <summary>One soft actor-critic update on <paramref name="batch"/> (0-based <paramref name="step"/>).</summary>
    public void Update(int step, in Transitions batch, ICriticPenalty? penalty = null)
    {
        var (b, n) = (_batch, _actionDim);
        var alpha = Temperature.Value;

        // The critic's target from the current policy at s′ and the target critics.
        SampleActions(batch.NextObservations, b, 1, _random, _noise, _nextActions, _nextLogProbs);
        Critic.MinOfTargets(Critic.Input(batch.NextObservations, _nextActions, _nextIn), default, _target);
        for (var i = 0; i < b; i++)
        {
            var soft = _settings.BackupEntropy ? _target[i] - alpha * _nextLogProbs[i] : _target[i];
            _target[i] = batch.Rewards[i] + _settings.Discount * batch.NotDone[i] * soft;
        }

        // The critic: TD regression, the penalty's gradient beside it, one step.
        var input = Critic.Input(batch.Observations, batch.Actions, _qIn);
        for (var h = 0; h < Critic.Heads.Count; h++)
        {
            Critic.Heads[h].Forward(input, b);
        }
        var criticLoss = Critic.RegressTo(_target, default);
        var penaltyValue = penalty?.AddGradient(step, batch) ?? 0;
        LargestValue = Critic.LargestValue(default);
        Critic.Update(step, updateTarget: false);

        // The actor: reparameterized ã, ∂/∂ã of −min Q from the updated critic, ∂/∂log π = α, all over B.
        var output = Actor.Forward(batch.Observations, b);
        for (var i = 0; i < b * n; i++)
        {
            _noise[i] = (float)_random.NextGaussian();
        }

        SquashedGaussian.Sample(output, _noise, b, n, Head.LogStdMin, Head.LogStdMax, _actions, _logProbs);
        var cloning = step < _settings.BehaviorCloningSteps;
        if (cloning)
        {
            // The warm start: −log π(a|s) of the logged actions in place of −min Q (its gradient added below).
            _values.AsSpan().Clear();
            _dQda.AsSpan().Clear();
        }
        else
        {
            Critic.ActionGradient(Critic.Input(batch.Observations, _actions, _nextIn), ofMinimum: true, _values, _dQda);
        }

        double actorLoss = 0, meanLogProb = 0;
        for (var i = 0; i < b; i++)
        {
            actorLoss += alpha * _logProbs[i] - _values[i];
            meanLogProb += _logProbs[i];
            _dLogPi[i] = alpha / b;
        }

        for (var i = 0; i < b * n; i++)
        {
            _dQda[i] = -_dQda[i] / b;
        }

        SquashedGaussian.Backward(output, _noise, b, n, Head.LogStdMin, Head.LogStdMax, _dQda, _dLogPi, _outputGradient);
        if (cloning)
        {
            actorLoss += b * SquashedGaussian.NegativeLogLikelihood(output, batch.Actions, default, b, n, b, Head.LogStdMin, Head.LogStdMax, _likelihoodGradient);
            System.Numerics.Tensors.TensorPrimitives.Add(_outputGradient, _likelihoodGradient, _outputGradient);
        }

        Head.ZeroGradients();
        Head.Net.Backward(_outputGradient, b);
        Actor.Update(step);

        if (_settings.LearnTemperature)
        {
            // ∂/∂log α of −log α·mean(log π + H̄).
            Temperature.Step(-(meanLogProb / b + _settings.TargetEntropy));
        }

        Critic.UpdateTarget();
        Losses = (criticLoss, penaltyValue, actorLoss / b, alpha);
    }
}

/// <summary>
/// A positive scalar learned through its logarithm, value = exp(θ), with an Adam of its own: SAC's entropy temperature,
/// CQL's Lagrange multiplier.
/// </summary>
internal sealed class LogParameter : ITrainable
{
    private readonly float[] _log = new float[1];
    private readonly float[] _gradient = new float[1];

    public LogParameter(string name, float initialLog, float learningRate)
    {
        Name = name;
        _log[0] = initialLog;
        Optimizer = new Adam(1, learningRate);
    }

    public string Name { get; }

    public Adam Optimizer { get; }

    /// <summary>exp(θ).</summary>
    public float Value => MathF.Exp(_log[0]);

    /// <summary>One Adam step on θ with ∂L/∂θ = <paramref name="gradient"/>.</summary>
    public void Step(double gradient)
    {
        _gradient[0] = (float)gradient;
        Optimizer.Step(_log, _gradient);
    }

    public void WriteParameters(BinaryWriter writer) => StateIO.Write(writer, _log);

    public void ReadParameters(BinaryReader reader) => StateIO.Read(reader, _log);
}
