using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Bcq;
using OfflineRl.MLNet.Algorithms.Cql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Trainers;
using Xunit.Abstractions;

namespace OfflineRl.MLNet.Tests.Evaluation;

/// <summary>
/// The CartPole-v1 floors other libraries gate CI on, on data made here the same way (the scripted expert with ε = 0.2):
/// discrete CQL ≥ 170 and discrete BCQ ≥ 185 mean return, each seed's greedy policy over 20 episodes, six seeds.
/// </summary>
[Trait(Tier.Name, Tier.Slow)]
public sealed class DiscreteQFloorTests(ITestOutputHelper output)
{
    /// <summary>Rows of expert-with-ε logs.</summary>
    public const int DataSteps = 50_000;

    /// <summary>ε of the expert that logs the data.</summary>
    public const double Epsilon = 0.2;

    /// <summary>Whole episodes of the CartPole expert with ε-greedy actions until <paramref name="steps"/> rows (the last one cut, truncated).</summary>
    internal static TrajectoryDataset EpsilonExpert(int steps, double epsilon, int seed)
    {
        var environment = new CartPoleEnvironment();
        var controller = new CartPoleController(epsilon);
        var episodes = new List<EnvironmentEpisode>();
        for (var (k, used) = (0, 0); used < steps; k++)
        {
            controller.Reset((seed * 100_003) + k);
            var observation = environment.Reset((seed * 1_000_003) + k);
            List<float> obs = [], next = [], actions = [], rewards = [];
            List<bool> terminals = [], truncations = [];
            while (true)
            {
                var action = controller.Act(observation);
                var result = environment.Step(action);
                obs.AddRange(observation);
                next.AddRange(result.Observation);
                actions.AddRange(action);
                rewards.Add((float)result.Reward);
                var cut = used + rewards.Count >= steps;
                terminals.Add(result.Terminated);
                truncations.Add(!result.Terminated && (result.Truncated || cut));
                observation = result.Observation;
                if (result.Done || cut)
                {
                    break;
                }
            }

            episodes.Add(new EnvironmentEpisode(EnvironmentCatalog.CartPole, 4, environment.ActionSpace, [.. obs], [.. next], [.. actions], [.. rewards], [.. terminals], [.. truncations]));
            used += rewards.Count;
        }

        return EpisodeDatasets.ToDataset(episodes, $"CartPole-v1 expert ε={epsilon}");
    }

    private double[] Returns(string algorithm, Func<int, TrainerOptions> options, TrajectoryDataset data)
    {
        var returns = new double[6];
        for (var seed = 0; seed < returns.Length; seed++)
        {
            var rl = new MLContext(seed).OfflineRL();
            var trainer = rl.Trainers.Create(algorithm, options(seed));
            var model = trainer.Fit(data).Model;
            returns[seed] = PolicyEvaluator.Evaluate(PolicyActors.From(model.Policy), EnvironmentCatalog.CartPole, episodes: 20, seed: 1000 + seed).MeanReturn;
            output.WriteLine($"{algorithm} seed {seed}: mean return {returns[seed]:0.#}");
        }

        output.WriteLine($"{algorithm}: mean over seeds {returns.Average():0.#}, min {returns.Min():0.#}");
        return returns;
    }

    private static T Common<T>(T options, int seed)
        where T : TrainerOptions
    {
        (options.Steps, options.BatchSize, options.HiddenSizes, options.LearningRate, options.Seed) = (20_000, 256, [64, 64], 1e-3f, seed);
        return options;
    }

    [Fact]
    public void Discrete_cql_and_bcq_reach_the_cartpole_floors_on_expert_data_with_epsilon_0_2()
    {
        var data = EpsilonExpert(DataSteps, Epsilon, seed: 0);
        output.WriteLine($"data: {data.EpisodeCount} episodes, {data.Count} steps, mean return {data.Rewards.ToArray().Sum() / data.EpisodeCount:0.#}");
        var cql = Returns("cql", seed => Common(new CqlOptions(), seed), data);
        var bcq = Returns("bcq", seed => Common(new BcqOptions(), seed), data);
        Assert.True(cql.Average() >= 170, $"CQL mean return {cql.Average():0.#}");
        Assert.True(bcq.Average() >= 185, $"BCQ mean return {bcq.Average():0.#}");
    }

    [Fact]
    public void Discrete_bcq_against_bc_and_cql_on_the_discrete_medium_replay_datasets()
    {
        foreach (var environment in new[] { EnvironmentCatalog.CartPole, EnvironmentCatalog.Acrobot, EnvironmentCatalog.MountainCar })
        {
            var data = EpisodeDatasets.Generate(environment, BehaviorDatasetKind.MediumReplay, steps: 50_000, seed: 0);
            output.WriteLine($"{environment} medium-replay: {data.EpisodeCount} episodes, {data.Count} steps, mean return {data.Rewards.ToArray().Sum() / data.EpisodeCount:0.#}");
            double Mean(string algorithm, Func<int, TrainerOptions> options)
            {
                var returns = new double[6];
                for (var seed = 0; seed < returns.Length; seed++)
                {
                    var model = new MLContext(seed).OfflineRL().Trainers.Create(algorithm, options(seed)).Fit(data).Model;
                    returns[seed] = PolicyEvaluator.Evaluate(PolicyActors.From(model.Policy), environment, episodes: 20, seed: 1000 + seed).MeanReturn;
                }

                output.WriteLine($"  {algorithm}: {returns.Average():0.#} (seeds {string.Join(", ", returns.Select(r => r.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)))})");
                return returns.Average();
            }

            var bc = Mean("bc", seed => Common(new Algorithms.BehaviorCloning.BehaviorCloningOptions(), seed));
            var bcq = Mean("bcq", seed => Common(new BcqOptions(), seed));
            Mean("cql", seed => Common(new CqlOptions(), seed));
            Assert.True(bcq >= bc, $"{environment}: BCQ {bcq:0.#} below BC {bc:0.#}");
        }
    }
}
