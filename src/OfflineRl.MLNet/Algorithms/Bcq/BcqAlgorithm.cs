using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.Bcq;

/// <summary>
/// Discrete Batch-Constrained Q-learning, one step (equations in docs/bcq.md): G(a|s) by likelihood of the logged actions
/// (<see cref="BehaviorModel.Loss"/>); y = r + γ·(1 − terminal)·Q̄(s′, a′) with a′ the argmax of Q(s′, ·) over the actions
/// G(s′) allows (G(a|s′) / max G &gt; τ); Q by ½·mean (Q(s, a) − y)²; the target by Polyak averaging. The policy takes the
/// argmax of Q over the actions G allows.
/// </summary>
/// <remarks>Fujimoto, Conti, Ghavamzadeh &amp; Pineau 2019: https://arxiv.org/abs/1910.01708 .</remarks>
internal sealed class BcqAlgorithm : TrainingAlgorithm
{
    private readonly BcqOptions _options;
    private readonly BatchSampler _batch;
    private readonly DiscreteCritic _q;
    private readonly TrainedNetwork _g;
    private readonly StepPlan _plan;
    private readonly GreedyQPolicy _policy;
    private readonly DivergenceWatch _watch;
    private readonly float[] _nextLogits, _gGradient;
    private int _step;
    private double _tdLoss, _behaviorLoss;

    public BcqAlgorithm(TrajectoryDataset data, BcqOptions options, int seed)
        : base("Bcq", "td", "behavior")
    {
        if (!data.ActionSpace.IsDiscrete)
        {
            throw new ArgumentException($"{data.Source}: discrete BCQ needs discrete actions; the data's actions are {data.ActionSpace}.");
        }

        _options = options;
        var (b, random) = (options.BatchSize, new NnRandom((ulong)seed));
        _batch = BatchSampler.ForTemporalDifference(data, b, seed);
        _q = new DiscreteCritic(data, options.HiddenSizes, b, options.LearningRate, options.TargetNetwork.UpdateRate, random);
        _g = new TrainedNetwork("behavior", _q.Network.Shape, b, options.LearningRate, random);
        _policy = _q.Policy(data, _g.Parameters, options.Threshold);
        _watch = new DivergenceWatch("BCQ", data, options.Discount, "the threshold τ (Threshold)");
        State.Add(_q.Network, _g);
        State.Add(_batch);
        State.ReportLearningRatesIn(_q.Network, _g);
        State.Export("q", _q.Network);
        (_nextLogits, _gGradient) = (new float[b * _q.Actions], new float[b * _q.Actions]);

        // Phase 1: the next states' Q, Q̄ and G side by side; phase 2: Q's update (which reads G(s′)) beside G's.
        _plan = new StepPlan().Phase(EvaluateNextOnline, EvaluateNextTargetAndBehavior).Phase(UpdateQ, UpdateBehavior);
    }

    public override Policy Policy => _policy;

    private protected override DivergenceWatch? Watch => _watch;

    public override void Step(int step, Span<double> losses)
    {
        _batch.Sample();
        _step = step;
        _plan.Run();
        (losses[0], losses[1]) = (_tdLoss, _behaviorLoss);
    }

    private void EvaluateNextOnline() => _q.EvaluateNextOnline(_batch.NextObservations);

    private void EvaluateNextTargetAndBehavior()
    {
        _q.EvaluateNextTarget(_batch.NextObservations);
        _g.Net.Evaluate(_batch.NextObservations, _options.BatchSize).CopyTo(_nextLogits);
    }

    private void UpdateQ()
    {
        _q.ComputeTargets(_batch, _options.Discount, _nextLogits, _policy.LogThreshold);
        var q = _q.Forward(_batch.Observations);
        _tdLoss = _q.TemporalDifference(_batch.ActionIndices);
        _watch.Observe(_step, DiscreteQLearning.LargestLoggedValue(q, _batch.ActionIndices, _q.Actions), _tdLoss);
        _q.Update(_step);
    }

    private void UpdateBehavior()
    {
        var logits = _g.Net.Forward(_batch.Observations, _options.BatchSize, training: true);
        _behaviorLoss = BehaviorModel.Loss(logits, _batch.ActionIndices, _q.Actions, _options.LogitPenalty, _gGradient);
        _g.Net.Backward(_gGradient, _options.BatchSize, accumulate: false);
        _g.Update(_step);
    }
}
