using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests;

/// <summary>
/// Trainers as the engine tests use them: the seed is the options' seed or the given one, and observations are not
/// normalized unless the options say so (tests of the engine control their inputs exactly); Fit returns the native model.
/// </summary>
internal static class Native
{
    public static NativeTrainer Bc(BehaviorCloningOptions options, int contextSeed = 0) =>
        new(Prepare(options, contextSeed), ml => ml.OfflineRL().Trainers.BehaviorCloning(options));

    public static NativeTrainer Awr(AwrOptions options, int contextSeed = 0) =>
        new(Prepare(options, contextSeed), ml => ml.OfflineRL().Trainers.Awr(options));

    public static NativeTrainer Iql(IqlOptions options, int contextSeed = 0) =>
        new(Prepare(options, contextSeed), ml => ml.OfflineRL().Trainers.Iql(options));

    /// <summary>The transforms catalog of a fresh context.</summary>
    public static MLNet.TrajectoryTransformsCatalog Transforms => new MLContext(0).OfflineRL().Transforms;

    /// <summary>The dataset a transform returned for a dataset input.</summary>
    public static TrajectoryDataset AsDataset(this IDataView view) => Assert.IsType<TrajectoryDataset>(view);

    private static T Prepare<T>(T options, int contextSeed)
        where T : TrainerOptions
    {
        options.Seed ??= contextSeed;
        options.NormalizeObservations = false;
        options.Validate();
        return options;
    }
}

internal sealed class NativeTrainer(TrainerOptions options, Func<MLContext, IEstimator<MLNet.Pipeline.PolicyTransformer>> make)
{
    public TrainerOptions Options { get; } = options;

    public PolicyModel Fit(TrajectoryDataset data) => make(new MLContext(0)).Fit(data).Model;
}
