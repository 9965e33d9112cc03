using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Pipeline;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet.Tests.Pipeline;

/// <summary>Every estimator and trainer of the library, built on a context, for the shared ML.NET workout.</summary>
internal static class WorkoutCases
{
    public static IEnumerable<string> TransformNames => ["returns-to-go", "trajectory-returns", "filter", "scale-rewards", "advantage-weights"];

    public static IEnumerable<(string Name, bool Discrete)> TrainerCases =>
        from entry in AlgorithmList.All
        from discrete in new[] { true, false }
        where entry.Supports(discrete)
        select (entry.Name, discrete);

    /// <summary>A transform estimator; <paramref name="columns"/> maps the trajectory roles to other column names.</summary>
    public static IEstimator<ITransformer> Transform(MLContext ml, string name, Action<TrajectoryColumnOptions>? columns = null)
    {
        var rl = ml.OfflineRL();
        return name switch
        {
            "returns-to-go" => rl.Transforms.ReturnsToGo(Map(new ReturnsToGoEstimator.Options { Discount = 0.9f }, columns)),
            "trajectory-returns" => rl.Transforms.TrajectoryReturns(Map(new TrajectoryReturnsEstimator.Options(), columns)),
            "filter" => rl.Transforms.FilterTrajectories(Map(new FilterTrajectoriesEstimator.Options { Value = 0.5 }, columns)),
            "scale-rewards" => rl.Transforms.ScaleRewards(Map(new RewardScalingEstimator.Options { Scale = 2f, Shift = 1f }, columns)),
            _ => rl.Transforms.AdvantageWeights(Map(new AwrOptions { ValueSteps = 20, BatchSize = 16, HiddenSizes = [8], Seed = 1 }, columns)),
        };
    }

    public static IEstimator<PolicyTransformer> Trainer(MLContext ml, string name, Action<TrajectoryColumnOptions>? columns = null)
    {
        var entry = AlgorithmList.Find(name);
        var options = Algorithms.AlgorithmConformanceTests.With(entry.NewOptions(), topFraction: 0.5);
        (options.Steps, options.BatchSize, options.HiddenSizes) = (30, 32, [16, 16]);
        return entry.CreateTrainer(ml.OfflineRL().Trainers, Map(options, columns));
    }

    /// <summary>Small logged data: CartPole (discrete) or Pendulum (continuous) expert rollouts.</summary>
    public static TrajectoryDataset Data(bool discrete) => discrete ? Cached.CartPole : Cached.Pendulum;

    private static T Map<T>(T options, Action<TrajectoryColumnOptions>? columns)
        where T : TrajectoryColumnOptions
    {
        columns?.Invoke(options);
        return options;
    }

    private static class Cached
    {
        public static readonly TrajectoryDataset CartPole = EpisodeDatasets.Generate(
            EnvironmentCatalog.CartPole, BehaviorDatasetKind.Expert, 600, seed: 0);

        public static readonly TrajectoryDataset Pendulum = EpisodeDatasets.Generate(
            EnvironmentCatalog.Pendulum, BehaviorDatasetKind.Expert, 600, seed: 0);
    }
}
