using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.Td3Bc;

/// <summary>
/// Fits a deterministic policy by TD3+BC (continuous actions); the model also holds the Q networks "q1" and "q2".
/// Reached as <c>mlContext.OfflineRL().Trainers.Td3Bc(...)</c>.
/// </summary>
/// <remarks>Fujimoto &amp; Gu 2021: https://arxiv.org/abs/2106.06860 .</remarks>
public sealed class Td3BcTrainer : PolicyTrainer<Td3BcOptions>
{
    internal Td3BcTrainer(MLContext context, Td3BcOptions? options)
        : base(context, options ?? new Td3BcOptions(), "td3bc")
    {
    }

    private protected override TrainingAlgorithm CreateAlgorithm(TrajectoryDataset data, int seed) =>
        new Td3BcAlgorithm(data, Options, Td3BcLosses.Of(Options, data.ActionSpace.Dimension), seed);
}
