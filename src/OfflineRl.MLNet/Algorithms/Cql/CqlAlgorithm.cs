using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.Cql;

/// <summary>
/// Discrete Conservative Q-Learning, one step (equations in docs/cql.md): y = r + γ·(1 − terminal)·Q̄(s′, argmax_a Q(s′, a));
/// Q descends ½·mean (Q(s, a) − y)² + α·mean (logsumexp_a Q(s, a) − Q(s, a)) at the logged a; the target follows by
/// Polyak averaging. The policy acts greedily on Q.
/// </summary>
/// <remarks>Kumar, Zhou, Tucker &amp; Levine 2020: https://arxiv.org/abs/2006.04779 .</remarks>
internal sealed class CqlAlgorithm : TrainingAlgorithm
{
    private readonly CqlOptions _options;
    private readonly BatchSampler _batch;
    private readonly DiscreteCritic _q;
    private readonly StepPlan _plan;
    private readonly GreedyQPolicy _policy;
    private readonly DivergenceWatch _watch;
    private int _step;
    private double _tdLoss, _gap;

    public CqlAlgorithm(TrajectoryDataset data, CqlOptions options, int seed)
        : base("Cql", "td", "conservative")
    {
        if (!data.ActionSpace.IsDiscrete)
        {
            throw new ArgumentException($"{data.Source}: this CQL step needs discrete actions (ContinuousCqlAlgorithm takes continuous ones); the data's actions are {data.ActionSpace}.");
        }

        _options = options;
        var random = new NnRandom((ulong)seed);
        _batch = BatchSampler.ForTemporalDifference(data, options.BatchSize, seed);
        _q = new DiscreteCritic(data, options.HiddenSizes, options.BatchSize, options.LearningRate, options.TargetNetwork.UpdateRate, random);
        _policy = _q.Policy(data);
        _watch = new DivergenceWatch("CQL", data, options.Discount, "α (Alpha)");
        State.Add(_q.Network);
        State.Add(_batch);
        State.ReportLearningRatesIn(_q.Network);
        State.Export("q", _q.Network);

        // The next states' online and target values side by side, then the update that needs both.
        _plan = new StepPlan().Phase(() => _q.EvaluateNextOnline(_batch.NextObservations), () => _q.EvaluateNextTarget(_batch.NextObservations)).Then(Update);
    }

    public override Policy Policy => _policy;

    internal DiscreteCritic Critic => _q;

    internal BatchSampler Sampler => _batch;

    private protected override DivergenceWatch? Watch => _watch;

    public override void Step(int step, Span<double> losses)
    {
        _batch.Sample();
        _step = step;
        _plan.Run();
        (losses[0], losses[1]) = (_tdLoss, _gap);
    }

    private void Update()
    {
        _q.ComputeTargets(_batch, _options.Discount);
        var q = _q.Forward(_batch.Observations);
        _tdLoss = _q.TemporalDifference(_batch.ActionIndices);
        _gap = ConservativePenalty.AddGradient(q, _batch.ActionIndices, _q.Actions, _options.Alpha, _q.Gradient);
        _watch.Observe(_step, DiscreteQLearning.LargestLoggedValue(q, _batch.ActionIndices, _q.Actions), _tdLoss);
        _q.Update(_step);
    }
}
