using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Pipeline;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet;

/// <summary>
/// Trainers, reached as <c>mlContext.OfflineRL().Trainers</c>. Each is an ML.NET estimator whose fitted transformer is the
/// policy (<see cref="Pipeline.PolicyTransformer"/>). Each algorithm adds its own extension methods from its folder (e.g.
/// <see cref="IqlCatalog.Iql(PolicyTrainersCatalog, IqlOptions)"/>): a simple overload with named defaults and an options
/// overload; <see cref="Create"/> reaches any of them by name.
/// </summary>
public sealed class PolicyTrainersCatalog
{
    private readonly MLContext _context;

    internal PolicyTrainersCatalog(MLContext context) => _context = context;

    /// <summary>The context trainers are created on (for the catalog extensions of each algorithm's folder).</summary>
    internal MLContext Context => _context;

    /// <summary>Every algorithm of this build, in the order help texts and result tables show them.</summary>
    public static IReadOnlyList<AlgorithmInfo> Algorithms => AlgorithmList.Infos;

    /// <summary>The options of the algorithm named <paramref name="algorithm"/> (see <see cref="Algorithms"/>) with its defaults.</summary>
    /// <exception cref="ArgumentException">When no algorithm has that name (the message lists the names).</exception>
    public static TrainerOptions CreateOptions(string algorithm) => AlgorithmList.Find(algorithm).NewOptions();

    /// <summary>
    /// The trainer of the algorithm named <paramref name="algorithm"/> with <paramref name="options"/> (of the type
    /// <see cref="CreateOptions"/> returns for it) — for code that picks algorithms by name, such as a benchmark.
    /// </summary>
    /// <exception cref="ArgumentException">When no algorithm has that name, or the options are of another algorithm.</exception>
    public IEstimator<PolicyTransformer> Create(string algorithm, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var entry = AlgorithmList.Find(algorithm);
        var expected = entry.NewOptions().GetType();
        if (options.GetType() != expected)
        {
            throw new ArgumentException($"{algorithm} takes {expected.Name}, not {options.GetType().Name}.", nameof(options));
        }

        return entry.CreateTrainer(this, options);
    }
}
