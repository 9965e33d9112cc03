using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Pipeline;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet;

/// <summary>
/// Trainers, reached as <c>mlContext.OfflineRL().Trainers</c>. Each is an ML.NET estimator whose fitted transformer is the
/// policy (<see cref="Pipeline.PolicyTransformer"/>); each has a simple overload with named defaults and an options overload.
/// </summary>
public sealed class PolicyTrainersCatalog
{
    private readonly MLContext _context;

    internal PolicyTrainersCatalog(MLContext context) => _context = context;

    /// <summary>The context trainers are created on (for the catalog extensions of each algorithm's folder).</summary>
    internal MLContext Context => _context;

    /// <summary>Behavior cloning, weighted by the <c>Weight</c> column when present.</summary>
    public BehaviorCloningTrainer BehaviorCloning(int steps = TrainerOptions.DefaultSteps, int batchSize = TrainerOptions.DefaultBatchSize) =>
        new(_context, new BehaviorCloningOptions { Steps = steps, BatchSize = batchSize });

    /// <summary>Behavior cloning with <paramref name="options"/>.</summary>
    public BehaviorCloningTrainer BehaviorCloning(BehaviorCloningOptions options) => new(_context, options);

    /// <summary>Filtered behavior cloning: clone the top <paramref name="topFraction"/> of episodes by return.</summary>
    public FilteredBehaviorCloningTrainer FilteredBehaviorCloning(double topFraction = FilterTrajectoriesEstimator.DefaultTopFraction, BehaviorCloningOptions? options = null) =>
        new(_context, topFraction, options);

    /// <summary>Advantage-weighted regression with β = <paramref name="inverseTemperature"/>.</summary>
    public AwrTrainer Awr(float inverseTemperature = AwrOptions.DefaultInverseTemperature, int steps = TrainerOptions.DefaultSteps) =>
        new(_context, new AwrOptions { InverseTemperature = inverseTemperature, Steps = steps });

    /// <summary>Advantage-weighted regression with <paramref name="options"/>.</summary>
    public AwrTrainer Awr(AwrOptions options) => new(_context, options);

    /// <summary>Implicit Q-Learning (continuous or discrete actions) with expectile τ and β = <paramref name="inverseTemperature"/>.</summary>
    public IqlTrainer Iql(float expectile = IqlOptions.DefaultExpectile, float inverseTemperature = IqlOptions.DefaultInverseTemperature, int steps = TrainerOptions.DefaultSteps) =>
        new(_context, new IqlOptions { Expectile = expectile, InverseTemperature = inverseTemperature, Steps = steps });

    /// <summary>Implicit Q-Learning with <paramref name="options"/>.</summary>
    public IqlTrainer Iql(IqlOptions options) => new(_context, options);

    /// <summary>Every algorithm of this build, in the order help texts and result tables show them.</summary>
    public static IReadOnlyList<AlgorithmInfo> Algorithms => AlgorithmList.Infos;

    /// <summary>The options of the algorithm named <paramref name="algorithm"/> (see <see cref="Algorithms"/>) with its defaults.</summary>
    /// <exception cref="ArgumentException">When no algorithm has that name (the message lists the names).</exception>
    public static TrainerOptions CreateOptions(string algorithm) => AlgorithmList.Find(algorithm).NewOptions(new AlgorithmSettings());

    /// <summary>
    /// The trainer of the algorithm named <paramref name="algorithm"/> with <paramref name="options"/> (of the type
    /// <see cref="CreateOptions"/> returns for it) — for code that picks algorithms by name, such as a benchmark.
    /// </summary>
    /// <exception cref="ArgumentException">When no algorithm has that name, or the options are of another algorithm.</exception>
    public IEstimator<PolicyTransformer> Create(string algorithm, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var entry = AlgorithmList.Find(algorithm);
        var expected = entry.NewOptions(new AlgorithmSettings()).GetType();
        if (options.GetType() != expected)
        {
            throw new ArgumentException($"{algorithm} takes {expected.Name}, not {options.GetType().Name}.", nameof(options));
        }

        return entry.CreateTrainer(this, options, new AlgorithmSettings());
    }
}
