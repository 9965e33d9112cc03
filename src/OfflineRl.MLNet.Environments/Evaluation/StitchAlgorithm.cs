using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// An algorithm in the stitching benchmark: a name and a function that trains on a dataset with a seed and returns the greedy
/// policy as an <c>observation → action</c> function.
/// </summary>
/// <param name="Name">The name shown in result tables.</param>
/// <param name="Train">Trains on the dataset with the given seed and returns the greedy actor (acting on raw observations).</param>
public sealed record StitchAlgorithm(string Name, Func<TrajectoryDataset, int, Func<float[], float[]>> Train)
{
    /// <summary>Behavior cloning's benchmark options on StitchGrid (from the benchmark settings file).</summary>
    public static BehaviorCloningOptions DefaultOptions() => GridOptions<BehaviorCloningOptions>("bc");

    /// <summary>Filtered behavior cloning's benchmark options on StitchGrid (from the benchmark settings file).</summary>
    public static FilteredBehaviorCloningOptions DefaultFilteredOptions() => GridOptions<FilteredBehaviorCloningOptions>("filtered-bc");

    /// <summary>Behavior cloning on all the data, after observation normalization.</summary>
    /// <param name="options">Training options; <see langword="null"/> uses <see cref="DefaultOptions"/>.</param>
    public static StitchAlgorithm BehaviorCloning(BehaviorCloningOptions? options = null) => new("BC", (data, seed) =>
    {
        var rl = new MLContext(seed).OfflineRL();
        var model = rl.Trainers.BehaviorCloning(BenchmarkAlgorithm.Seeded(options ?? DefaultOptions(), seed)).Fit(data);
        return PolicyActors.From(model.Policy);
    });

    /// <summary>Behavior cloning on the top <see cref="FilteredBehaviorCloningOptions.TopFraction"/> of episodes by return, after observation normalization.</summary>
    /// <param name="options">Training options; <see langword="null"/> uses <see cref="DefaultFilteredOptions"/>.</param>
    public static StitchAlgorithm FilteredBehaviorCloning(FilteredBehaviorCloningOptions? options = null)
    {
        options ??= DefaultFilteredOptions();
        return new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Filtered BC {100 * options.TopFraction:0.#}%"), (data, seed) =>
        {
            var rl = new MLContext(seed).OfflineRL();
            var model = rl.Trainers.FilteredBehaviorCloning(BenchmarkAlgorithm.Seeded(options, seed)).Fit(data);
            return PolicyActors.From(model.Policy);
        });
    }

    /// <summary>IQL's benchmark options on StitchGrid (from the benchmark settings file).</summary>
    public static IqlOptions DefaultIqlOptions() => GridOptions<IqlOptions>("iql");

    private static T GridOptions<T>(string algorithm)
        where T : TrainerOptions => (T)BenchmarkAlgorithm.OptionsFor(algorithm, Environments.EnvironmentCatalog.StitchGrid);

    /// <summary>IQL after observation normalization.</summary>
    /// <param name="options">Training options; <see langword="null"/> uses <see cref="DefaultIqlOptions"/>.</param>
    public static StitchAlgorithm Iql(IqlOptions? options = null) => new("IQL", (data, seed) =>
    {
        var rl = new MLContext(seed).OfflineRL();
        var model = rl.Trainers.Iql(BenchmarkAlgorithm.Seeded(options ?? DefaultIqlOptions(), seed)).Fit(data);
        return PolicyActors.From(model.Policy);
    });
}
