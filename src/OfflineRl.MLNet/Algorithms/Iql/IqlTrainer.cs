using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.Iql;

/// <summary>
/// Fits a policy by Implicit Q-Learning (continuous or discrete actions); the model also holds the value networks
/// "v", "q1" and "q2".
/// </summary>
/// <remarks>Kostrikov, Nair &amp; Levine 2021: https://arxiv.org/abs/2110.06169 .</remarks>
public sealed class IqlTrainer : PolicyTrainer<IqlOptions>
{
    internal IqlTrainer(MLContext context, IqlOptions? options)
        : base(context, options ?? new IqlOptions(), "iql")
    {
    }

    private protected override TrainingAlgorithm CreateAlgorithm(TrajectoryDataset data, int seed) => new IqlAlgorithm(data, Options, seed);
}
