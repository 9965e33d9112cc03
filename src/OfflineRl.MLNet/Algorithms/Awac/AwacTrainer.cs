using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.Awac;

/// <summary>
/// Fits a policy by Advantage-Weighted Actor-Critic (continuous or discrete actions); the model also holds the Q
/// networks "q1" and "q2". Reached as <c>mlContext.OfflineRL().Trainers.Awac(...)</c>.
/// </summary>
/// <remarks>Nair, Gupta, Dalal &amp; Levine 2020: https://arxiv.org/abs/2006.09359 .</remarks>
public sealed class AwacTrainer : PolicyTrainer<AwacOptions>
{
    internal AwacTrainer(MLContext context, AwacOptions? options)
        : base(context, options ?? new AwacOptions(), "awac")
    {
    }

    private protected override TrainingAlgorithm CreateAlgorithm(TrajectoryDataset data, int seed) => new AwacAlgorithm(data, Options, seed);
}
