using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Cql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;
using Xunit.Abstractions;

namespace OfflineRl.MLNet.Tests.Algorithms.Cql;

public sealed class CqlTests(ITestOutputHelper output)
{
    /// <summary>
    /// Episodes of 10 steps over 4 actions of which the logging policy only ever takes 0 and 1 (at random); reward 0 when
    /// the action matches the sign of the state's second feature, else −1 (as actions 2 and 3 would always get: their true
    /// values are below those of the matching logged action). States are random, so Q must generalize.
    /// </summary>
    internal static TrajectoryDataset TwoOfFourActions(int episodes = 100, int seed = 7)
    {
        var random = new Random(seed);
        var b = new TrajectoryDatasetBuilder("two-of-four", 2);
        for (var e = 0; e < episodes; e++)
        {
            for (var t = 0; t < 10; t++)
            {
                var x = (float)((random.NextDouble() * 2) - 1);
                var a = random.Next(2);
                var reward = (x > 0) == (a == 1) ? 0f : -1f;
                b.AddStep(e, [t / 10f, x], a, reward, isTerminal: t == 9, isTruncated: false);
            }
        }

        return b.Build(new DatasetLoadOptions { DiscreteActionCount = 4 });
    }

    private static CqlOptions Options(float alpha, int seed) => new()
    {
        Alpha = alpha, Steps = 2000, BatchSize = 64, HiddenSizes = [32, 32], LearningRate = 1e-3f, Seed = seed, NormalizeObservations = false,
    };

    /// <summary>Mean over logged states of Q(s, a_data) and of max over the never-taken actions 2, 3 of Q(s, a).</summary>
    private static (double Data, double Unseen) LoggedValues(PolicyModel model, TrajectoryDataset data)
    {
        var policy = (GreedyQPolicy)model.Policy;
        double seen = 0, unseen = 0;
        for (var row = 0; row < data.Count; row++)
        {
            var q = policy.Q.Forward(data.GetObservation(row), 1);
            seen += q[data.DiscreteActions[row]];
            unseen += MathF.Max(q[2], q[3]);
        }

        return (seen / data.Count, unseen / data.Count);
    }

    [Fact]
    public void Cql_values_never_taken_actions_below_the_logged_ones_where_double_dqn_overestimates_them()
    {
        var data = TwoOfFourActions();
        var rl = new MLContext(0).OfflineRL();
        for (var seed = 0; seed < 6; seed++)
        {
            var cql = LoggedValues(rl.Trainers.Cql(Options(1f, seed)).Fit(data).Model, data);
            var dqn = LoggedValues(rl.Trainers.Cql(Options(0f, seed)).Fit(data).Model, data);
            output.WriteLine($"seed {seed}: CQL data {cql.Data:F3} unseen {cql.Unseen:F3}; double DQN data {dqn.Data:F3} unseen {dqn.Unseen:F3}");

            // True values: 0 for the matching logged action, −1 for the other, −1 for actions 2 and 3 (mean over logged −0.5).
            Assert.True(cql.Unseen < cql.Data - 1, $"seed {seed}: CQL unseen {cql.Unseen} vs data {cql.Data}");
            Assert.True(dqn.Unseen > dqn.Data, $"seed {seed}: double DQN unseen {dqn.Unseen} vs data {dqn.Data}");
            Assert.True(dqn.Unseen > -0.5, $"seed {seed}: double DQN unseen {dqn.Unseen} (true value −1)");
        }
    }
}
