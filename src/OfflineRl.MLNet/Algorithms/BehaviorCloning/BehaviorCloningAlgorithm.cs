using OfflineRl.MLNet.Algorithms.Common;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Algorithms.BehaviorCloning;

/// <summary>
/// Weighted behavior cloning, the core BC, filtered BC and AWR share: minimize −(1/B)·Σ_b w_b·log π(a_b|s_b)
/// (w = 1 without weights; the deterministic head minimizes the weighted MSE instead), with Adam.
/// </summary>
/// <remarks>Pomerleau 1991 (behavior cloning); Peng et al. 2019 for the weighted form: https://arxiv.org/abs/1910.00177 .</remarks>
internal sealed class BehaviorCloningAlgorithm : ITrainingAlgorithm
{
    private static readonly string[] Names = ["policy"];
    private readonly BatchSampler _sampler;
    private readonly Adam _adam;
    private readonly CosineSchedule? _schedule;

    public BehaviorCloningAlgorithm(TrajectoryDataset data, BehaviorCloningOptions options, int seed, bool useWeights)
    {
        var random = new NnRandom((ulong)seed);
        Policy = PolicyFactory.Create(data, options.Head, options.HiddenSizes, options.BatchSize, random);
        _sampler = new BatchSampler(data, options.BatchSize, new NnRandom((ulong)seed ^ 0x5DEECE66DUL), temporalDifference: false, useWeights);
        _adam = new Adam(Policy.Parameters.Length, options.LearningRate);
        _schedule = options.CosineDecay ? new CosineSchedule(options.LearningRate, options.Steps) : null;
    }

    public Policy Policy { get; }

    public string Name => "BehaviorCloning";

    public IReadOnlyList<string> LossNames => Names;

    public void Step(int step, Span<double> losses)
    {
        _sampler.Sample();
        if (_schedule is not null)
        {
            _adam.LearningRate = _schedule.LearningRate(step);
        }

        Policy.ZeroGradients();
        losses[0] = Policy.AccumulateLossGradient(_sampler.Observations, _sampler.Actions, _sampler.Weights, _sampler.BatchSize);
        _adam.Step(Policy.Parameters, Policy.Gradients);
    }

    public void LearningRates(Dictionary<string, double> rates) => rates["policy"] = _adam.LearningRate;

    public void WriteState(BinaryWriter writer)
    {
        StateIO.Write(writer, Policy.Parameters);
        StateIO.Write(writer, _adam);
        StateIO.Write(writer, _sampler.Random);
    }

    public void ReadState(BinaryReader reader)
    {
        StateIO.Read(reader, Policy.Parameters);
        StateIO.Read(reader, _adam);
        StateIO.Read(reader, _sampler.Random);
    }
}
