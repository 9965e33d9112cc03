using OfflineRl.MLNet.Algorithms.Awac;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet;

/// <summary>AWAC on the trainer catalog, <c>mlContext.OfflineRL().Trainers.Awac(...)</c>.</summary>
public static class AwacCatalog
{
    /// <summary>Advantage-Weighted Actor-Critic with inverse temperature <paramref name="inverseTemperature"/> (β = 1/λ).</summary>
    public static AwacTrainer Awac(this PolicyTrainersCatalog catalog, float inverseTemperature = AwacOptions.DefaultInverseTemperature, int steps = TrainerOptions.DefaultSteps) =>
        catalog.Awac(new AwacOptions { Weighting = new(inverseTemperature), Steps = steps });

    /// <summary>Advantage-Weighted Actor-Critic with <paramref name="options"/>.</summary>
    public static AwacTrainer Awac(this PolicyTrainersCatalog catalog, AwacOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new AwacTrainer(catalog.Context, options);
    }
}
