using OfflineRl.MLNet.Algorithms.Rwr;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet;

/// <summary>RWR on the trainer catalog, <c>mlContext.OfflineRL().Trainers.Rwr(...)</c>.</summary>
public static class RwrCatalog
{
    /// <summary>Reward-weighted regression with β = <paramref name="inverseTemperature"/>.</summary>
    public static RwrTrainer Rwr(this PolicyTrainersCatalog catalog, float inverseTemperature = RwrOptions.DefaultInverseTemperature, int steps = TrainerOptions.DefaultSteps) =>
        catalog.Rwr(new RwrOptions { Weighting = new(inverseTemperature), Steps = steps });

    /// <summary>Reward-weighted regression with <paramref name="options"/>.</summary>
    public static RwrTrainer Rwr(this PolicyTrainersCatalog catalog, RwrOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RwrTrainer(catalog.Context, options);
    }
}
