using OfflineRl.MLNet.Algorithms.ReBrac;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet;

/// <summary>ReBRAC on the trainer catalog, <c>mlContext.OfflineRL().Trainers.ReBrac(...)</c>.</summary>
public static class ReBracCatalog
{
    /// <summary>ReBRAC with the actor's penalty β₁ = <paramref name="actorPenalty"/> and the critic's β₂ = <paramref name="criticPenalty"/>.</summary>
    public static ReBracTrainer ReBrac(
        this PolicyTrainersCatalog catalog,
        float actorPenalty = ReBracOptions.DefaultActorPenalty,
        float criticPenalty = ReBracOptions.DefaultCriticPenalty,
        int steps = TrainerOptions.DefaultSteps) =>
        catalog.ReBrac(new ReBracOptions { ActorPenalty = actorPenalty, CriticPenalty = criticPenalty, Steps = steps });

    /// <summary>ReBRAC with <paramref name="options"/>.</summary>
    public static ReBracTrainer ReBrac(this PolicyTrainersCatalog catalog, ReBracOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ReBracTrainer(catalog.Context, options);
    }
}
