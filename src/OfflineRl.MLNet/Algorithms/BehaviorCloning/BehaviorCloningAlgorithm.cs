using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.BehaviorCloning;

/// <summary>
/// Weighted behavior cloning, the core BC, filtered BC and AWR share: minimize −(1/B)·Σ_b w_b·log π(a_b|s_b)
/// (w = 1 without weights; the deterministic head minimizes the weighted MSE instead), with Adam.
/// </summary>
/// <remarks>Pomerleau 1991 (behavior cloning); Peng et al. 2019 for the weighted form: https://arxiv.org/abs/1910.00177 .</remarks>
internal sealed class BehaviorCloningAlgorithm : TrainingAlgorithm
{
    private readonly Actor _actor;
    private readonly BatchSampler _batch;
    private readonly bool _useWeights;

    public BehaviorCloningAlgorithm(TrajectoryDataset data, TrainerOptions options, PolicyHead head, bool cosineDecay, int seed, bool useWeights)
        : this(data, options, head, cosineDecay, seed, useWeights, weighting: null)
    {
    }

    /// <summary>Weighted behavior cloning whose weights <paramref name="weighting"/> writes for each batch (MARWIL's).</summary>
    public BehaviorCloningAlgorithm(TrajectoryDataset data, TrainerOptions options, PolicyHead head, bool cosineDecay, int seed, BatchWeighting weighting)
        : this(data, options, head, cosineDecay, seed, useWeights: true, weighting)
    {
    }

    private BehaviorCloningAlgorithm(TrajectoryDataset data, TrainerOptions options, PolicyHead head, bool cosineDecay, int seed, bool useWeights, BatchWeighting? weighting)
        : base("BehaviorCloning", "policy")
    {
        var schedule = cosineDecay ? new CosineSchedule(options.LearningRate, options.Steps) : null;
        _actor = new Actor(data, head, options.HiddenSizes, options.BatchSize, options.LearningRate, new NnRandom((ulong)seed), schedule);
        _batch = weighting is null ? BatchSampler.ForSteps(data, options.BatchSize, seed, useWeights) : BatchSampler.ForSteps(data, options.BatchSize, seed, weighting);
        _useWeights = useWeights;
        State.Add(_actor);
        State.Add(_batch);
        if (weighting is not null)
        {
            State.Add(weighting);
        }
    }

    public override Policy Policy => _actor.Head;

    public override IEnumerable<(string Name, object Value)> Recorded => [("useWeights", _useWeights)];

    public override void Step(int step, Span<double> losses) => losses[0] = _actor.StepOnLikelihood(step, _batch);
}
