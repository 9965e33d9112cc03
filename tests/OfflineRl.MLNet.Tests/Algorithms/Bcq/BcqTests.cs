using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Bcq;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Tests.Algorithms.Cql;
using OfflineRl.MLNet.Tests.Nn;
using Xunit.Abstractions;

namespace OfflineRl.MLNet.Tests.Algorithms.Bcq;

public sealed class BcqTests(ITestOutputHelper output)
{
    private static BcqOptions Options(float threshold, int seed) => new()
    {
        Threshold = threshold,
        Steps = 2000,
        BatchSize = 64,
        HiddenSizes = [32, 32],
        LearningRate = 1e-3f,
        Seed = seed,
        NormalizeObservations = false,
    };

    /// <summary>Per logged state: the chosen action and its relative behaviour probability G(a|s) / max G(·|s), in float64.</summary>
    private static (int Action, double Relative)[] Choices(GreedyQPolicy policy, TrajectoryDataset data)
    {
        var result = new (int, double)[data.Count];
        var action = new float[1];
        for (var row = 0; row < data.Count; row++)
        {
            var s = data.GetObservation(row);
            policy.Act(s, action);
            var logits = policy.Behavior!.Forward(s, 1);
            var max = double.NegativeInfinity;
            foreach (var l in logits)
            {
                max = Math.Max(max, l);
            }

            result[row] = ((int)action[0], Math.Exp(logits[(int)action[0]] - max));
        }

        return result;
    }

    [Fact]
    public void Bcq_never_selects_an_action_below_the_threshold_where_unconstrained_q_learning_does()
    {
        var data = CqlTests.TwoOfFourActions();
        var rl = new MLContext(0).OfflineRL();
        for (var seed = 0; seed < 6; seed++)
        {
            var bcq = Choices((GreedyQPolicy)rl.Trainers.Bcq(Options(BcqOptions.DefaultThreshold, seed)).Fit(data).Model.Policy, data);
            var below = bcq.Count(c => c.Relative <= BcqOptions.DefaultThreshold);
            var unconstrained = Choices((GreedyQPolicy)rl.Trainers.Bcq(Options(0f, seed)).Fit(data).Model.Policy, data);
            var unconstrainedBelow = unconstrained.Count(c => c.Relative <= BcqOptions.DefaultThreshold);
            output.WriteLine($"seed {seed}: BCQ picks {below} of {data.Count} states' actions below τ (never-logged 2, 3: {bcq.Count(c => c.Action >= 2)}); " +
                $"τ = 0 picks {unconstrainedBelow} (never-logged: {unconstrained.Count(c => c.Action >= 2)})");
            Assert.Equal(0, below);
            Assert.True(unconstrainedBelow > data.Count / 20, $"seed {seed}: τ = 0 picked only {unconstrainedBelow} actions below τ");
        }
    }

    [Fact]
    public void The_composite_policy_exports_as_one_graph_onnx_runtime_scores_the_same()
    {
        var data = CqlTests.TwoOfFourActions();
        var options = Options(BcqOptions.DefaultThreshold, 1);
        (options.Steps, options.NormalizeObservations) = (300, true);
        var model = new MLContext(0).OfflineRL().Trainers.Bcq(options).Fit(data).Model;
        using var onnx = OnnxPolicy.Load(PolicyOnnxExporter.ToBytes(model));
        var obs = data.Observations.ToArray();
        var expected = new float[data.Count];
        model.Policy.Act(obs, data.Count, expected);
        Assert.Equal(expected, onnx.Act(obs, data.Count));

        // The mask has work to do: on some rows Q alone would pick another action.
        var policy = (GreedyQPolicy)model.Policy;
        var normalized = new float[data.ObservationDimension];
        var differ = 0;
        for (var row = 0; row < data.Count; row++)
        {
            policy.Preprocessing.NormalizeObservations(data.GetObservation(row), normalized, 1, data.ObservationDimension);
            differ += GreedyQPolicy.GreedyIndex(policy.Q.Forward(normalized, 1), default, 0f) != expected[row] ? 1 : 0;
        }

        Assert.True(differ > 0, "Q alone picks the same actions as the masked policy on every row");
    }

    [Fact]
    public void A_saved_composite_policy_loads_with_both_networks_and_the_threshold()
    {
        var data = CqlTests.TwoOfFourActions();
        var options = Options(0.25f, 2);
        (options.Steps, options.NormalizeObservations) = (200, true);
        var policy = (GreedyQPolicy)new MLContext(0).OfflineRL().Trainers.Bcq(options).Fit(data).Model.Policy;
        var path = Path.Combine(Path.GetTempPath(), $"bcq-{Guid.NewGuid():N}.orlp");
        try
        {
            policy.Save(path);
            var loaded = Assert.IsType<GreedyQPolicy>(Policy.Load(path));
            Assert.Equal(0.25f, loaded.Threshold);
            Assert.Equal(policy.AllParameters(), loaded.AllParameters());
            var (expected, actual) = (new float[data.Count], new float[data.Count]);
            policy.Act(data.Observations, data.Count, expected);
            loaded.Act(data.Observations, data.Count, actual);
            Assert.Equal(expected, actual);
            Assert.Equal(0f, loaded.LogProb(data.GetObservation(0), [expected[0]]));
            Assert.Equal(float.NegativeInfinity, loaded.LogProb(data.GetObservation(0), [expected[0] == 0 ? 1 : 0]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_behavior_loss_has_the_gradient_finite_differences_give()
    {
        var rng = new Random(5);
        const int batch = 4, n = 3;
        const float penalty = 0.3f;
        var logits = GradCheck.Random(rng, batch * n, 2);
        int[] actions = [2, 0, 1, 2];
        var gradient = new float[batch * n];
        var loss = BehaviorModel.Loss(logits, actions, n, penalty, gradient);
        double Definition()
        {
            double sum = 0;
            for (var b = 0; b < batch; b++)
            {
                var lse = Math.Log(Enumerable.Range(0, n).Sum(k => Math.Exp(logits[(b * n) + k])));
                sum += lse - logits[(b * n) + actions[b]];
            }

            return (sum / batch) + (penalty * logits.Sum(l => (double)l * l) / (batch * n));
        }

        Assert.Equal(Definition(), loss, 5);
        GradCheck.Check(logits, Definition, gradient, "bcq behavior", h: 1e-2f, tolerance: 2e-3);
    }
}
