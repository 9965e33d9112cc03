using OfflineRl.MLNet.Algorithms.ChiSquaredDice;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet;

/// <summary>χ²-DICE on the trainer catalog, <c>mlContext.OfflineRL().Trainers.ChiSquaredDice(...)</c>.</summary>
public static class ChiSquaredDiceCatalog
{
    /// <summary>χ²-DICE with α = <paramref name="regularization"/>.</summary>
    public static ChiSquaredDiceTrainer ChiSquaredDice(this PolicyTrainersCatalog catalog, float regularization = ChiSquaredDiceOptions.DefaultRegularization, int steps = TrainerOptions.DefaultSteps) =>
        catalog.ChiSquaredDice(new ChiSquaredDiceOptions { Regularization = regularization, Steps = steps });

    /// <summary>χ²-DICE with <paramref name="options"/>.</summary>
    public static ChiSquaredDiceTrainer ChiSquaredDice(this PolicyTrainersCatalog catalog, ChiSquaredDiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ChiSquaredDiceTrainer(catalog.Context, options);
    }
}
