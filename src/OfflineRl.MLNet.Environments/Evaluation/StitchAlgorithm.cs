using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Iql;
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
    public static BehaviorCloningOptions DefaultOptions() => WithDefaults(new BehaviorCloningOptions());

    /// <summary><see cref="DefaultOptions"/> for filtered behavior cloning, keeping the top 10 % of episodes.</summary>
    public static FilteredBehaviorCloningOptions DefaultFilteredOptions() => WithDefaults(new FilteredBehaviorCloningOptions());

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

    internal static T WithDefaults<T>(T options)
        where T : BehaviorCloningOptions
    {
        (options.Steps, options.BatchSize, options.HiddenSizes, options.LearningRate) = (1500, 256, [64, 64], 1e-3f);
        return options;
    }

    /// <summary>
    /// IQL settings for sparse-reward stitching: τ = 0.9 and β = 10, as the IQL paper uses for AntMaze, and γ = 0.95.
    /// With a single reward of 1 at the goal, neighbouring cells' values differ by a factor γ; at γ = 0.99 that 1 %
    /// step was smaller than the critic's error after 3,000 steps (learned values of 1.02–1.17 beside the goal), so
    /// which way the policy left the hub's last cell came down to float rounding: on an AVX2 machine seed 1 bumped the
    /// wall below the goal's doorway in every episode, on AVX-512 it went through. At γ = 0.95 each step is worth 5 %.
    /// </summary>
    public static IqlOptions DefaultIqlOptions() => new()
    {
        Steps = 3000,
        BatchSize = 256,
        HiddenSizes = [256, 256],
        Expectile = 0.9f,
        Weighting = { InverseTemperature = 10f },
        Discount = StitchDiscount,
    };

    /// <summary>The discount of the TD methods on the grid stitching tasks (see <see cref="DefaultIqlOptions"/>).</summary>
    public const float StitchDiscount = 0.95f;

    /// <summary>
    /// The discount of the TD methods on the point (continuous) stitching tasks. A point moves half a cell per step, so
    /// the goal is twice as many steps away as on the grid and its discounted value shrinks twice as fast; on an AVX2
    /// machine IQL reached the goal of StitchForkPoint-v0 in 86.7 % of episodes over six seeds at γ = 0.95 and 100 % at 0.99.
    /// </summary>
    public const float StitchPointDiscount = 0.99f;

    /// <summary>The TD discount of the stitching task <paramref name="environmentId"/>, as its registry entry declares.</summary>
    internal static float DiscountFor(string environmentId)
    {
        var entry = Environments.EnvironmentRegistry.Get(environmentId);
        return entry.Stitching?.Discount ?? throw new ArgumentException($"{entry.Id} is not a stitching task.", nameof(environmentId));
    }

    /// <summary>IQL after observation normalization.</summary>
    /// <param name="options">Training options; <see langword="null"/> uses <see cref="DefaultIqlOptions"/>.</param>
    public static StitchAlgorithm Iql(IqlOptions? options = null) => new("IQL", (data, seed) =>
    {
        var rl = new MLContext(seed).OfflineRL();
        var model = rl.Trainers.Iql(BenchmarkAlgorithm.Seeded(options ?? DefaultIqlOptions(), seed)).Fit(data);
        return PolicyActors.From(model.Policy);
    });
}
