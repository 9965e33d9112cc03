using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.Bcq;

/// <summary>
/// Fits discrete Batch-Constrained Q-learning (discrete actions): a behaviour model G beside Q; the policy takes the best
/// action by Q among those G finds likely enough. The model also holds the value network "q".
/// </summary>
/// <remarks>Fujimoto, Conti, Ghavamzadeh &amp; Pineau 2019: https://arxiv.org/abs/1910.01708 .</remarks>
public sealed class BcqTrainer : PolicyTrainer<BcqOptions>
{
    internal BcqTrainer(MLContext context, BcqOptions? options)
        : base(context, options ?? new BcqOptions(), "bcq")
    {
    }

    private protected override TrainingAlgorithm CreateAlgorithm(TrajectoryDataset data, int seed) => new BcqAlgorithm(data, Options, seed);
}
