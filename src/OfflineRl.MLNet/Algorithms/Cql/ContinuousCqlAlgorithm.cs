using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.Cql;

/// <summary>
/// Continuous CQL(H), one step (equations in docs/cql.md): the soft actor-critic update of <see cref="SoftActorCritic"/>
/// with <see cref="ContinuousConservativePenalty"/> added to its critic loss. The deployed policy is the actor's
/// deterministic tanh(μ(s)).
/// </summary>
/// <remarks>Kumar, Zhou, Tucker &amp; Levine 2020: https://arxiv.org/abs/2006.04779 .</remarks>
internal sealed class ContinuousCqlAlgorithm : TrainingAlgorithm
{
    private readonly BatchSampler _batch;
    private readonly SoftActorCritic _sac;
    private readonly ContinuousConservativePenalty _penalty;
    private readonly DivergenceWatch? _watch;

    public ContinuousCqlAlgorithm(TrajectoryDataset data, CqlOptions options, int seed)
        : base("ContinuousCql", "td", "conservative", "policy", "temperature")
    {
        var o = options.Continuous;
        var b = options.BatchSize;
        (_sac, var sacRandom) = CreateSoftActorCritic(data, options, seed);
        var penaltyRandom = new NnRandom((ulong)seed ^ 0xC01_C01UL);
        _penalty = new ContinuousConservativePenalty(_sac, o, b, data.ObservationDimension, options.LearningRate, penaltyRandom);
        _batch = BatchSampler.ForTemporalDifference(data, b, seed);
        State.Add(_sac.Actor, _sac.Critic, _sac.Temperature, _penalty.Multiplier);
        State.Add(_batch);
        State.Add(sacRandom);
        State.Add(penaltyRandom);
        State.Export("q", _sac.Critic);

        // With the entropy in the target the values may leave ±r_max/(1 − γ) by the entropy bonus without diverging.
        _watch = o.BackupEntropy ? null : new DivergenceWatch("CQL", data, options.Discount, "Continuous.ConservativeWeight");
    }

    public override Policy Policy => _sac.Head;

    /// <summary>The soft actor-critic this algorithm penalizes, as it builds it (and its random stream): plain SAC for a test to compare with.</summary>
    internal static (SoftActorCritic Sac, NnRandom Random) CreateSoftActorCritic(TrajectoryDataset data, CqlOptions options, int seed)
    {
        var o = options.Continuous;
        var settings = new SoftActorCriticSettings(options.Discount, o.ActorLearningRate, o.Temperature, o.LearnTemperature, -data.ActionSpace.Dimension, o.BackupEntropy, o.BehaviorCloningSteps);
        var random = new NnRandom((ulong)seed ^ 0x5AC0_5AC0UL);
        var sac = new SoftActorCritic(data, options.HiddenSizes, options.BatchSize, options.LearningRate, options.TargetNetwork.UpdateRate, settings, new NnRandom((ulong)seed), random,
            SquashedGaussian.DefaultLogStdMin, SquashedGaussian.DefaultLogStdMax);
        return (sac, random);
    }

    internal SoftActorCritic SoftActorCritic => _sac;

    internal ContinuousConservativePenalty Penalty => _penalty;

    private protected override DivergenceWatch? Watch => _watch;

    public override void Step(int step, Span<double> losses)
    {
        _batch.Sample();
        var batch = new Transitions(_batch.Observations, _batch.Actions, _batch.Rewards, _batch.NotDone, _batch.NextObservations);
        _sac.Update(step, batch, _penalty);
        var l = _sac.Losses;
        _watch?.Observe(step, _sac.LargestValue, l.Critic);
        (losses[0], losses[1], losses[2], losses[3]) = (l.Critic, l.Penalty, l.Actor, l.Alpha);
    }
}
