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
    private readonly Action _firstHalf;
    private readonly Action _secondHalf;

    public BehaviorCloningAlgorithm(TrajectoryDataset data, BehaviorCloningOptions options, int seed, bool useWeights)
    {
        var random = new NnRandom((ulong)seed);
        Policy = PolicyFactory.Create(data, options.Head, options.HiddenSizes, options.BatchSize, random);
        _sampler = new BatchSampler(data, options.BatchSize, new NnRandom((ulong)seed ^ 0x5DEECE66DUL), temporalDifference: false, useWeights);
        _adam = new Adam(Policy.Parameters.Length, options.LearningRate);
        _schedule = options.CosineDecay ? new CosineSchedule(options.LearningRate, options.Steps) : null;
        _firstHalf = () => Half(0);
        _secondHalf = () => Half(1);
    }

    public Policy Policy { get; }

    public string Name => "BehaviorCloning";

    public IReadOnlyList<string> LossNames => Names;

    public void Step(int step, Span<double> losses)
    {
        if (_schedule is not null)
        {
            _adam.LearningRate = _schedule.LearningRate(step);
        }

        if (Policy.Net.SplitsRows(_sampler.BatchSize))
        {
            // Two threads, one join: each gathers, runs and differentiates its half of the batch, and Adam's two
            // halves add the second half's gradient terms in as they go.
            _sampler.DrawRows();
            Policy.BeginLossParts();
            ParallelWorkers.Invoke(_firstHalf, _secondHalf, NnThreading.ThreadCount);
            losses[0] = Policy.EndLossParts();
            _adam.Step(Policy.Parameters, Policy.Gradients, Policy.ShardGradients);
            return;
        }

        _sampler.Sample();
        Policy.ZeroGradients();
        losses[0] = Policy.AccumulateLossGradient(_sampler.Observations, _sampler.Actions, _sampler.Weights, _sampler.BatchSize);
        _adam.Step(Policy.Parameters, Policy.Gradients);
    }

    /// <summary>Sampling, forward pass, loss and backward pass of half <paramref name="part"/> of the batch.</summary>
    private void Half(int part)
    {
        var batch = _sampler.BatchSize;
        var (from, to) = ParallelWorkers.Half(batch, part);
        _sampler.Gather(from, to);
        Policy.LossGradientPart(_sampler.Observations, _sampler.Actions, _sampler.Weights, batch, part);
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
