using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Cql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Tests.Nn;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Training;
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
        Alpha = alpha,
        Steps = 2000,
        BatchSize = 64,
        HiddenSizes = [32, 32],
        LearningRate = 1e-3f,
        Seed = seed,
        NormalizeObservations = false,
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

    /// <summary>The float64 definition: (1/B)·Σ_b [½·(Q(s_b, a_b) − y_b)² + α·(log Σ_a exp Q(s_b, a) − Q(s_b, a_b))].</summary>
    private static double Definition(float[] q, int[] actions, float[] targets, int n, float alpha)
    {
        double sum = 0;
        for (var b = 0; b < actions.Length; b++)
        {
            var lse = Math.Log(Enumerable.Range(0, n).Sum(k => Math.Exp(q[(b * n) + k])));
            var logged = (double)q[(b * n) + actions[b]];
            sum += (0.5 * (logged - targets[b]) * (logged - targets[b])) + (alpha * (lse - logged));
        }

        return sum / actions.Length;
    }

    [Fact]
    public void The_td_loss_and_the_conservative_penalty_have_the_gradients_finite_differences_give()
    {
        var rng = new Random(3);
        const int batch = 5, n = 4;
        const float alpha = 0.7f;
        var q = GradCheck.Random(rng, batch * n, 3);
        var targets = GradCheck.Random(rng, batch, 3);
        int[] actions = [0, 3, 1, 1, 2];
        var gradient = new float[batch * n];
        var td = DiscreteQLearning.TemporalDifference(q, actions, targets, n, gradient);
        var gap = ConservativePenalty.AddGradient(q, actions, n, alpha, gradient);
        Assert.Equal(Definition(q, actions, targets, n, alpha), td + (alpha * gap), 5);
        GradCheck.Check(q, () => Definition(q, actions, targets, n, alpha), gradient, "cql", h: 1e-2f, tolerance: 2e-3);
    }

    [Fact]
    public void Double_q_targets_value_the_online_argmax_with_the_target_network_among_allowed_actions()
    {
        float[] online = [1f, 5f, 2f, /* row 2 */ 0f, 0f, 9f];
        float[] target = [10f, 20f, 30f, /* row 2 */ 40f, 50f, 60f];
        float[] rewards = [1f, 2f], notDone = [1f, 0f], targets = new float[2];
        DiscreteQLearning.DoubleQTargets(online, target, default, float.NegativeInfinity, rewards, notDone, 0.5f, 3, targets);
        Assert.Equal([1f + (0.5f * 20f), 2f], targets);

        // Behaviour logits that forbid action 1 in row 1 (relative probability e^−3 < 0.3): the choice falls to action 2.
        float[] logits = [0f, -3f, -1f, /* row 2 */ 0f, 0f, 0f];
        DiscreteQLearning.DoubleQTargets(online, target, logits, MathF.Log(0.3f), rewards, [1f, 1f], 0.5f, 3, targets);
        Assert.Equal([1f + (0.5f * 30f), 2f + (0.5f * 60f)], targets);
    }
}
