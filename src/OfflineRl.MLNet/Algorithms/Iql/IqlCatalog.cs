using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet;

/// <summary>IQL on the trainer catalog, <c>mlContext.OfflineRL().Trainers.Iql(...)</c>.</summary>
public static class IqlCatalog
{
    /// <summary>Implicit Q-Learning (continuous or discrete actions) with expectile τ and β = <paramref name="inverseTemperature"/>.</summary>
    public static IqlTrainer Iql(this PolicyTrainersCatalog catalog, float expectile = IqlOptions.DefaultExpectile, float inverseTemperature = IqlOptions.DefaultInverseTemperature, int steps = TrainerOptions.DefaultSteps) =>
        catalog.Iql(new IqlOptions { Expectile = expectile, Weighting = new(inverseTemperature), Steps = steps });

    /// <summary>Implicit Q-Learning with <paramref name="options"/>.</summary>
    public static IqlTrainer Iql(this PolicyTrainersCatalog catalog, IqlOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new IqlTrainer(catalog.Context, options);
    }
}
