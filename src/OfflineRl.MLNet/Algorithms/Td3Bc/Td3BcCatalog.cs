using OfflineRl.MLNet.Algorithms.Td3Bc;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet;

/// <summary>TD3+BC on the trainer catalog, <c>mlContext.OfflineRL().Trainers.Td3Bc(...)</c>.</summary>
public static class Td3BcCatalog
{
    /// <summary>TD3+BC with α = <paramref name="alpha"/> in λ = α / mean|Q|.</summary>
    public static Td3BcTrainer Td3Bc(this PolicyTrainersCatalog catalog, float alpha = Td3BcOptions.DefaultAlpha, int steps = TrainerOptions.DefaultSteps) =>
        catalog.Td3Bc(new Td3BcOptions { Alpha = alpha, Steps = steps });

    /// <summary>TD3+BC with <paramref name="options"/>.</summary>
    public static Td3BcTrainer Td3Bc(this PolicyTrainersCatalog catalog, Td3BcOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new Td3BcTrainer(catalog.Context, options);
    }
}
