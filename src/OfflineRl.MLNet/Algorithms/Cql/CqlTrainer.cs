using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.Cql;

/// <summary>
/// Fits a policy by Conservative Q-Learning: for discrete actions a greedy policy over a Q network, for continuous actions
/// CQL(H)'s tanh-squashed Gaussian actor (deployed as tanh(μ(s))); the model also holds the Q networks.
/// </summary>
/// <remarks>Kumar, Zhou, Tucker &amp; Levine 2020: https://arxiv.org/abs/2006.04779 .</remarks>
public sealed class CqlTrainer : PolicyTrainer<CqlOptions>
{
    internal CqlTrainer(MLContext context, CqlOptions? options)
        : base(context, options ?? new CqlOptions(), "cql")
    {
    }

    private protected override TrainingAlgorithm CreateAlgorithm(TrajectoryDataset data, int seed) =>
        data.ActionSpace.IsDiscrete ? new CqlAlgorithm(data, Options, seed) : new ContinuousCqlAlgorithm(data, Options, seed);
}
