using Microsoft.ML;

namespace OfflineRl.MLNet;

/// <summary>
/// Offline reinforcement learning on an <see cref="MLContext"/>, reached as <c>mlContext.OfflineRL()</c>: loaders of
/// trajectory files (<see cref="Data"/>), training-time transforms (<see cref="Transforms"/>) and trainers
/// (<see cref="Trainers"/>). Everything it makes is an ML.NET <see cref="IDataView"/>, estimator or transformer, and
/// draws its randomness from the context's seed.
/// </summary>
public sealed class OfflineRlCatalog
{
    internal OfflineRlCatalog(MLContext context)
    {
        Context = context;
        Data = new DataCatalog();
        Transforms = new TrajectoryTransformsCatalog(context);
        Trainers = new PolicyTrainersCatalog(context);
    }

    /// <summary>The ML.NET context.</summary>
    public MLContext Context { get; }

    /// <summary>Loaders and writers of trajectory files (NPZ, CSV, in-memory rows); each returns an <see cref="IDataView"/>.</summary>
    public DataCatalog Data { get; }

    /// <summary>Training-time transforms: returns-to-go, trajectory returns, filtering, reward scaling, advantage weights.</summary>
    public TrajectoryTransformsCatalog Transforms { get; }

    /// <summary>Trainers: BC, filtered BC, AWR, IQL.</summary>
    public PolicyTrainersCatalog Trainers { get; }
}

/// <summary>The entry point on <see cref="MLContext"/>.</summary>
public static class MLContextExtensions
{
    /// <summary>The offline RL catalog of <paramref name="context"/> (<c>mlContext.OfflineRL().Trainers.Iql(...)</c>).</summary>
    public static OfflineRlCatalog OfflineRL(this MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new OfflineRlCatalog(context);
    }
}
