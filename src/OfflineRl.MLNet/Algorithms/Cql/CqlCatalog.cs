using OfflineRl.MLNet.Algorithms.Cql;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet;

/// <summary>CQL on the trainer catalog, <c>mlContext.OfflineRL().Trainers.Cql(...)</c>.</summary>
public static class CqlCatalog
{
    /// <summary>Discrete Conservative Q-Learning with penalty weight <paramref name="alpha"/>.</summary>
    public static CqlTrainer Cql(this PolicyTrainersCatalog catalog, float alpha = CqlOptions.DefaultAlpha, int steps = TrainerOptions.DefaultSteps) =>
        catalog.Cql(new CqlOptions { Alpha = alpha, Steps = steps });

    /// <summary>Discrete Conservative Q-Learning with <paramref name="options"/>.</summary>
    public static CqlTrainer Cql(this PolicyTrainersCatalog catalog, CqlOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new CqlTrainer(catalog.Context, options);
    }
}
