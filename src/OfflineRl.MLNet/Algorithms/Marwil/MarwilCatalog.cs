using OfflineRl.MLNet.Algorithms.Marwil;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet;

/// <summary>MARWIL on the trainer catalog, <c>mlContext.OfflineRL().Trainers.Marwil(...)</c>.</summary>
public static class MarwilCatalog
{
    /// <summary>MARWIL with β = <paramref name="inverseTemperature"/> (0 is behavior cloning).</summary>
    public static MarwilTrainer Marwil(this PolicyTrainersCatalog catalog, float inverseTemperature = MarwilOptions.DefaultInverseTemperature, int steps = TrainerOptions.DefaultSteps) =>
        catalog.Marwil(new MarwilOptions { Weighting = new(inverseTemperature), Steps = steps });

    /// <summary>MARWIL with <paramref name="options"/>.</summary>
    public static MarwilTrainer Marwil(this PolicyTrainersCatalog catalog, MarwilOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MarwilTrainer(catalog.Context, options);
    }
}
