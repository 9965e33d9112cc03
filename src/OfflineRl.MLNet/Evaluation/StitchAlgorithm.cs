using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// An algorithm in the stitching benchmark: a name and a function that trains on a dataset with a seed and returns the greedy
/// policy as an <c>observation → action</c> function. IQL and AWR plug in the same way once their trainers exist.
/// </summary>
/// <param name="Name">The name shown in result tables.</param>
/// <param name="Train">Trains on the dataset with the given seed and returns the greedy actor (acting on raw observations).</param>
public sealed record StitchAlgorithm(string Name, Func<TrajectoryDataset, int, Func<float[], float[]>> Train)
{
    /// <summary>Default training options for the small stitching maps: short and fast.</summary>
    public static BehaviorCloningOptions DefaultOptions() => new() { Steps = 1500, BatchSize = 256, HiddenSizes = [64, 64], LearningRate = 1e-3f };

    /// <summary>Behavior cloning on all the data, after observation normalization.</summary>
    /// <param name="options">Training options; <see langword="null"/> uses <see cref="DefaultOptions"/>.</param>
    public static StitchAlgorithm BehaviorCloning(BehaviorCloningOptions? options = null) => new("BC", (data, seed) =>
    {
        var rl = new OfflineRlContext(seed);
        var model = rl.Transforms.NormalizeObservations().Append(rl.Trainers.BehaviorCloning(options ?? DefaultOptions())).Fit(data).LastTransformer;
        return PolicyActors.From(model.Policy);
    });

    /// <summary>Behavior cloning on the top <paramref name="topFraction"/> of episodes by return, after observation normalization.</summary>
    /// <param name="topFraction">The fraction of episodes kept (0.1 keeps the best 10%).</param>
    /// <param name="options">Training options; <see langword="null"/> uses <see cref="DefaultOptions"/>.</param>
    public static StitchAlgorithm FilteredBehaviorCloning(double topFraction = 0.1, BehaviorCloningOptions? options = null) =>
        new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Filtered BC {100 * topFraction:0.#}%"), (data, seed) =>
        {
            var rl = new OfflineRlContext(seed);
            var model = rl.Transforms.NormalizeObservations()
                .Append(rl.Trainers.FilteredBehaviorCloning(topFraction, options ?? DefaultOptions())).Fit(data).LastTransformer;
            return PolicyActors.From(model.Policy);
        });
}
