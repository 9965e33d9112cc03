using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Td3Bc;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.ReBrac;

/// <summary>
/// Fits a deterministic policy by ReBRAC (continuous actions). Reached as <c>mlContext.OfflineRL().Trainers.ReBrac(...)</c>.
/// </summary>
/// <remarks>Tarasov, Kurenkov, Nikulin &amp; Kolesnikov 2023: https://arxiv.org/abs/2305.09836 .</remarks>
public sealed class ReBracTrainer : PolicyTrainer<ReBracOptions>
{
    internal ReBracTrainer(MLContext context, ReBracOptions? options)
        : base(context, options ?? new ReBracOptions(), "rebrac")
    {
    }

    private protected override TrainingAlgorithm CreateAlgorithm(TrajectoryDataset data, int seed) =>
        new Td3BcAlgorithm(data, Options, Td3BcLosses.Of(Options), seed);
}
