using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet;

/// <summary>AWR on the trainer catalog, <c>mlContext.OfflineRL().Trainers.Awr(...)</c>.</summary>
public static class AwrCatalog
{
    /// <summary>Advantage-weighted regression with β = <paramref name="inverseTemperature"/>.</summary>
    public static AwrTrainer Awr(this PolicyTrainersCatalog catalog, float inverseTemperature = AwrOptions.DefaultInverseTemperature, int steps = TrainerOptions.DefaultSteps) =>
        catalog.Awr(new AwrOptions { Weighting = new(inverseTemperature), Steps = steps });

    /// <summary>Advantage-weighted regression with <paramref name="options"/>.</summary>
    public static AwrTrainer Awr(this PolicyTrainersCatalog catalog, AwrOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new AwrTrainer(catalog.Context, options);
    }
}
