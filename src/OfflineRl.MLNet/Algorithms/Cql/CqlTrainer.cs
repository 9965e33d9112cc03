using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.Cql;

/// <summary>
/// Fits a greedy policy over a Q network by discrete Conservative Q-Learning (discrete actions); the model also holds the
/// value network "q".
/// </summary>
/// <remarks>Kumar, Zhou, Tucker &amp; Levine 2020: https://arxiv.org/abs/2006.04779 .</remarks>
public sealed class CqlTrainer : PolicyTrainer<CqlOptions>
{
    internal CqlTrainer(MLContext context, CqlOptions? options)
        : base(context, options ?? new CqlOptions(), "cql")
    {
    }

    private protected override TrainingAlgorithm CreateAlgorithm(TrajectoryDataset data, int seed) => new CqlAlgorithm(data, Options, seed);
}
