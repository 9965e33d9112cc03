using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms.ChiSquaredDice;

/// <summary>
/// Fits a policy by χ²-DICE (continuous or discrete actions): a value function by the χ² dual objective, then the
/// logged actions weighted by max(0, A); the model also holds the value network "v".
/// </summary>
/// <remarks>docs/chi-squared-dice.md; Nachum &amp; Dai 2020: https://arxiv.org/abs/2001.01866 .</remarks>
public sealed class ChiSquaredDiceTrainer : PolicyTrainer<ChiSquaredDiceOptions>
{
    internal ChiSquaredDiceTrainer(MLContext context, ChiSquaredDiceOptions? options)
        : base(context, options ?? new ChiSquaredDiceOptions(), "chi2-dice")
    {
    }

    private protected override TrainingAlgorithm CreateAlgorithm(TrajectoryDataset data, int seed) => new ChiSquaredDiceAlgorithm(data, Options, seed);
}
