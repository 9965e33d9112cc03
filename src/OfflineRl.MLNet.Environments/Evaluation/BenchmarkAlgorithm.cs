using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Awac;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// An algorithm in the benchmark: a name and a function that trains on a dataset of an environment with a seed and returns
/// the greedy policy as an <c>observation → action</c> function.
/// </summary>
/// <param name="Name">The name shown in result tables.</param>
/// <param name="Train">Trains on the dataset (logged in the given environment) with the given seed and returns the greedy actor.</param>
public sealed record BenchmarkAlgorithm(string Name, Func<TrajectoryDataset, string, int, Func<float[], float[]>> Train)
{
    /// <summary>Hidden layer widths of every network on the classic-control datasets.</summary>
    public static IReadOnlyList<int> ClassicHidden { get; } = [64, 64];

    /// <summary>
    /// Adam learning rate of every network on the classic-control datasets. All four algorithms share it (as they share
    /// <see cref="ClassicHidden"/>, the step count and the batch size): with 3e-4, the IQL paper's rate for 1M steps, IQL was the
    /// only one left at the slow rate and its critic and actor were far from fitted after the 5,000 steps the benchmark then ran.
    /// </summary>
    public const float ClassicLearningRate = 1e-3f;

    /// <summary>
    /// Gradient steps of every algorithm on the classic-control datasets in the full benchmark. At 5,000 steps, with
    /// the target networks' Polyak rate 0.005 (a 200-step time constant), IQL's and AWAC's critics had carried the goal
    /// reward of the sparse −1-per-step tasks back through about 25 backups and scored like BC there; at 50,000 the TD
    /// methods have the backups, and every algorithm gets the same budget (docs/evaluation.md).
    /// </summary>
    public const int DefaultClassicSteps = 50_000;

    /// <summary>
    /// The benchmark algorithms — every algorithm of the library's list (BC, filtered BC 10%, AWR, IQL, ...) — each after observation normalization. On the stitching
    /// environments they use <see cref="StitchAlgorithm.DefaultOptions"/> and <see cref="StitchAlgorithm.DefaultIqlOptions"/>
    /// (AWR gets the IQL step count); on classic control they all train for <paramref name="classicSteps"/> steps with the same
    /// network (<see cref="ClassicHidden"/>), batch and learning rate (<see cref="ClassicLearningRate"/>), and IQL keeps the
    /// paper's τ = 0.7, β = 3 and cosine-decayed actor learning rate.
    /// </summary>
    /// <param name="classicSteps">Gradient steps on the classic-control datasets.</param>
    public static IReadOnlyList<BenchmarkAlgorithm> Defaults(int classicSteps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classicSteps, 1);
        return [.. PolicyTrainersCatalog.Algorithms.Select(info => new BenchmarkAlgorithm(info.Title, (data, env, seed) =>
        {
            var rl = new MLContext(seed).OfflineRL();
            var trainer = rl.Trainers.Create(info.Name, Seeded(OptionsFor(info.Name, env, classicSteps), seed));
            return PolicyActors.From(trainer.Fit(data).Policy);
        }))];
    }

    /// <summary>
    /// The options <paramref name="algorithm"/> trains with in the benchmark on <paramref name="environmentId"/>: the stitching
    /// settings on the goal tasks; on the classic tasks <paramref name="classicSteps"/> steps, <see cref="ClassicHidden"/> and
    /// <see cref="ClassicLearningRate"/> (an algorithm without settings of its own here gets exactly those over its defaults).
    /// </summary>
    public static TrainerOptions OptionsFor(string algorithm, string environmentId, int classicSteps) => algorithm switch
    {
        "bc" => BcOptionsFor(new BehaviorCloningOptions(), environmentId, classicSteps),
        "filtered-bc" => BcOptionsFor(new FilteredBehaviorCloningOptions(), environmentId, classicSteps),
        "awr" => AwrOptionsFor(environmentId, classicSteps),
        "iql" => IqlOptionsFor(environmentId, classicSteps),
        "awac" => AwacOptionsFor(environmentId, classicSteps),
        _ => Classic(PolicyTrainersCatalog.CreateOptions(algorithm), classicSteps),
    };

    private static TrainerOptions Classic(TrainerOptions options, int classicSteps)
    {
        options.Steps = classicSteps;
        options.HiddenSizes = ClassicHidden;
        options.LearningRate = ClassicLearningRate;
        return options;
    }

    // IQL's budget, network, γ and β on each task, so the two TD methods compare on equal terms.
    private static AwacOptions AwacOptionsFor(string environmentId, int classicSteps)
    {
        var iql = IqlOptionsFor(environmentId, classicSteps);
        return new AwacOptions { Steps = iql.Steps, BatchSize = iql.BatchSize, HiddenSizes = iql.HiddenSizes, LearningRate = iql.LearningRate, Discount = iql.Discount, Weighting = { InverseTemperature = iql.Weighting.InverseTemperature } };
    }

    internal static T Seeded<T>(T options, int seed)
        where T : TrainerOptions
    {
        options.Seed = seed;
        return options;
    }

    /// <summary>BC's and filtered BC's options on <paramref name="environmentId"/>.</summary>
    internal static T BcOptionsFor<T>(T options, string environmentId, int classicSteps)
        where T : BehaviorCloningOptions => EpisodeDatasets.IsStitching(environmentId)
        ? StitchAlgorithm.WithDefaults(options)
        : (T)Classic(options, classicSteps);

    /// <summary>AWR's options on <paramref name="environmentId"/> (its value function gets as many steps as its policy).</summary>
    internal static AwrOptions AwrOptionsFor(string environmentId, int classicSteps) => EpisodeDatasets.IsStitching(environmentId)
        ? new AwrOptions { Steps = StitchAlgorithm.DefaultIqlOptions().Steps, ValueSteps = StitchAlgorithm.DefaultIqlOptions().Steps, HiddenSizes = [256, 256], LearningRate = 1e-3f }
        : new AwrOptions { Steps = classicSteps, ValueSteps = classicSteps, HiddenSizes = ClassicHidden, LearningRate = ClassicLearningRate };

    /// <summary>IQL's options on <paramref name="environmentId"/>.</summary>
    internal static IqlOptions IqlOptionsFor(string environmentId, int classicSteps) => EpisodeDatasets.IsStitching(environmentId)
        ? WithDiscount(StitchAlgorithm.DefaultIqlOptions(), StitchAlgorithm.DiscountFor(environmentId))
        : new IqlOptions
        {
            Steps = classicSteps,
            HiddenSizes = ClassicHidden,
            LearningRate = ClassicLearningRate,
            Expectile = ExpectileLoss.DefaultExpectile,
            Weighting = { InverseTemperature = AdvantageWeighting.DefaultInverseTemperature },
        };

    private static IqlOptions WithDiscount(IqlOptions options, float discount)
    {
        options.Discount = discount;
        return options;
    }
}
