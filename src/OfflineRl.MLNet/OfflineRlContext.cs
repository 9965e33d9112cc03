using OfflineRl.MLNet.Algorithms;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet;

/// <summary>
/// The entry point, shaped like ML.NET's <c>MLContext</c>: catalogs of loaders (<see cref="Data"/>) and
/// transforms (<see cref="Transforms"/>), and the seed every random choice derives from.
/// </summary>
public sealed class OfflineRlContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="seed">Seed for every random choice made through this context (default 0).</param>
    public OfflineRlContext(int seed = 0)
    {
        Seed = seed;
        Data = new DataCatalog();
        Transforms = new TransformsCatalog(seed);
        Trainers = new TrainersCatalog(seed);
    }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>Loaders and writers.</summary>
    public DataCatalog Data { get; }

    /// <summary>Data transforms.</summary>
    public TransformsCatalog Transforms { get; }

    /// <summary>Trainers: BC, filtered BC, AWR, IQL.</summary>
    public TrainersCatalog Trainers { get; }
}
