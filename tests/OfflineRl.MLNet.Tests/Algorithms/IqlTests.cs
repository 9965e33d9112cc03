using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Algorithms;

public sealed class IqlTests
{
    private static IqlOptions Small(int steps = 60) => new() { Steps = steps, BatchSize = 32, HiddenSizes = [16, 16], LearningRate = 1e-3f, Seed = 3 };

    private static TrajectoryDataset CartPole() => NpzDatasetLoader.Load(TestData.CartPole,
        new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.TerminalUnlessTimeLimit, TimeLimit = 500 });

    private static TrajectoryDataset Pendulum() => NpzDatasetLoader.Load(TestData.Pendulum,
        new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.AllTruncated });

    [Fact]
    public void Cartpole_iql_gives_finite_losses()
    {
        var model = Native.Iql(Small(300)).Fit(CartPole());
        Assert.Equal(["policy", "q", "value"], model.FinalLosses.Keys.Order(StringComparer.Ordinal));
        Assert.All(model.FinalLosses.Values, v => Assert.True(double.IsFinite(v), $"loss {v}"));
        Assert.Equal(3, model.FinalLosses.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Q_is_never_evaluated_on_an_action_absent_from_the_data(bool discrete)
    {
        // Every Q evaluation of a step (online and target) reads CriticInput: it must be the data's (s, a) of the batch.
        var data = discrete ? CartPole() : Pendulum();
        var options = Small(40);
        var algorithm = new IqlAlgorithm(data, options, 3);
        var losses = new double[3];
        var dim = data.ActionSpace.Dimension;
        var d = data.ObservationDimension;
        var width = discrete ? d : d + dim;
        var expected = new float[dim];
        for (var step = 0; step < 40; step++)
        {
            algorithm.Step(step, losses);
            var input = algorithm.CriticInput.ToArray();
            Assert.Equal(options.BatchSize * width, input.Length);
            for (var i = 0; i < options.BatchSize; i++)
            {
                var row = algorithm.Sampler.Rows[i];
                Assert.Equal(data.Observations.Slice(row * d, d).ToArray(), input.AsSpan(i * width, d).ToArray());
                if (discrete)
                {
                    Assert.Equal(data.DiscreteActions[row], algorithm.Sampler.ActionIndices[i]);
                }
                else
                {
                    algorithm.Policy.Preprocessing.ScaleActions(data.GetContinuousAction(row), expected, 1, dim);
                    Assert.Equal(expected, input.AsSpan(i * width + d, dim).ToArray());
                }
            }
        }
    }

    [Fact]
    public void Same_seed_gives_bit_identical_networks()
    {
        var data = Pendulum();
        var a = Native.Iql(Small()).Fit(data);
        var b = Native.Iql(Small()).Fit(data);
        var c = Native.Iql(new IqlOptions { Steps = 60, BatchSize = 32, HiddenSizes = [16, 16], LearningRate = 1e-3f, Seed = 4 }).Fit(data);
        Assert.Equal(a.Policy.Weights(), b.Policy.Weights());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(a.ValueNetworks[i].Parameters.ToArray(), b.ValueNetworks[i].Parameters.ToArray());
        }

        Assert.NotEqual(a.Policy.Weights(), c.Policy.Weights());
    }

    [Fact]
    public void Discrete_bandit_q_learns_the_payoff_of_each_action()
    {
        // One-step episodes: the TD target is the reward, so Q(s, a+) → 1 and Q(s, a−) → 0.
        var model = Native.Iql(new IqlOptions { Steps = 400, BatchSize = 64, HiddenSizes = [16, 16], LearningRate = 3e-3f, TargetNetwork = { UpdateRate = 0.05f }, Seed = 1 })
            .Fit(BanditData.Discrete());
        Assert.Equal(["v", "q1", "q2"], model.ValueNetworks.Select(v => v.Name));
        var q = model.ValueNetworks[1].Evaluate([1f], 1);
        Assert.InRange(q[0], 0.8f, 1.2f);
        Assert.InRange(q[1], -0.2f, 0.2f);
    }

    [Fact]
    public void Saved_model_round_trips_its_value_networks()
    {
        var model = Native.Iql(Small(20)).Fit(CartPole());
        var dir = Path.Combine(Path.GetTempPath(), $"offlinerl-iql-model-{Guid.NewGuid():N}");
        try
        {
            model.Save(dir);
            var loaded = PolicyModel.Load(dir);
            Assert.Equal("iql", loaded.Algorithm);
            Assert.Equal(["v", "q1", "q2"], loaded.ValueNetworks.Select(v => v.Name));
            Assert.Equal(model.ValueNetworks[1].Parameters.ToArray(), loaded.ValueNetworks[1].Parameters.ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Options_validation_lists_every_failure()
    {
        var options = new IqlOptions { Steps = 0, Expectile = 1.5f, Weighting = { InverseTemperature = -1f, MaxWeight = 0f }, TargetNetwork = { UpdateRate = 0f } };
        var ex = Assert.Throws<InvalidOptionsException>(() => Native.Iql(options));
        foreach (var name in new[] { "Steps", "Expectile", "Weighting.InverseTemperature", "Weighting.MaxWeight", "TargetNetwork.UpdateRate" })
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Critic_gradients_match_central_finite_differences_of_the_iql_losses(bool discrete)
    {
        // The gradients one Step leaves in the buffers (taken before its update) against central differences of the
        // losses written out here in float64: L_V = mean τ-expectile(min Q̄(s, a) − V(s)) and
        // L_Q = ½·Σᵢ mean (Qᵢ(s, a) − r − γ·(1 − terminal)·V(s′))².
        var data = discrete ? CartPole() : Pendulum();
        var options = new IqlOptions { Steps = 10, BatchSize = 8, HiddenSizes = [5], Seed = 11, Discount = 0.9f };
        var algorithm = new IqlAlgorithm(data, options, 11);
        var (value, critic, batch, b) = (algorithm.Value, algorithm.Critic, algorithm.Sampler, options.BatchSize);

        // Move the targets away from the online Qs so the check is not at a special point.
        var random = new Random(5);
        for (var i = 0; i < critic.Network.TargetParameters.Length; i++)
        {
            critic.Network.TargetParameters[i] += (float)(random.NextDouble() - 0.5) * 0.5f;
        }

        var before = (V: value.Parameters.ToArray(), Q: critic.Network.Parameters.ToArray(), Target: critic.Network.TargetParameters.ToArray());
        algorithm.Step(0, new double[3]);
        var (vGrad, qGrad) = (value.Gradients.ToArray(), critic.Network.Gradients.ToArray());
        before.V.CopyTo(value.Parameters, 0);
        before.Q.CopyTo(critic.Network.Parameters, 0);
        before.Target.CopyTo(critic.Network.TargetParameters, 0);

        // Q's input: s (discrete), else concat(s, a) of the batch.
        var (d, m) = (data.ObservationDimension, critic.InputSize - data.ObservationDimension);
        var qInput = discrete ? batch.Observations[..(b * d)] : Enumerable.Range(0, b)
            .SelectMany(i => batch.Observations.Skip(i * d).Take(d).Concat(batch.Actions.Skip(i * m).Take(m))).ToArray();
        Check(vGrad, value.Parameters, ValueLoss);
        Check(qGrad, critic.Network.Parameters, QLoss);

        double[] AtActions(ReadOnlySpan<float> output)
        {
            var values = new double[b];
            for (var i = 0; i < b; i++)
            {
                values[i] = output[discrete ? i * critic.Outputs + batch.ActionIndices[i] : i];
            }

            return values;
        }

        double ValueLoss()
        {
            var t1 = AtActions(critic.Network.Targets[0].Evaluate(qInput, b));
            var t2 = AtActions(critic.Network.Targets[1].Evaluate(qInput, b));
            var v = value.Net.Evaluate(batch.Observations, b).ToArray();
            return Enumerable.Range(0, b).Average(i =>
            {
                var u = Math.Min(t1[i], t2[i]) - v[i];
                return (u < 0 ? 1 - options.Expectile : options.Expectile) * u * u;
            });
        }

        double QLoss()
        {
            var nextV = value.Net.Evaluate(batch.NextObservations, b).ToArray();
            var y = Enumerable.Range(0, b).Select(i => batch.Rewards[i] + (double)options.Discount * batch.NotDone[i] * nextV[i]).ToArray();
            var q1 = AtActions(critic.Heads[0].Evaluate(qInput, b));
            var q2 = AtActions(critic.Heads[1].Evaluate(qInput, b));
            return 0.5 * Enumerable.Range(0, b).Average(i => (q1[i] - y[i]) * (q1[i] - y[i]) + (q2[i] - y[i]) * (q2[i] - y[i]));
        }

        static void Check(float[] analytic, float[] parameters, Func<double> loss)
        {
            var checkedCount = 0;
            for (var i = 0; i < analytic.Length; i += Math.Max(1, analytic.Length / 12))
            {
                var original = parameters[i];
                const float eps = 2e-3f;
                parameters[i] = original + eps;
                var plus = loss();
                parameters[i] = original - eps;
                var minus = loss();
                parameters[i] = original;
                var numeric = (plus - minus) / (2 * eps);
                var tolerance = 2e-3 + 2e-2 * Math.Abs(numeric);
                Assert.True(Math.Abs(numeric - analytic[i]) <= tolerance, $"parameter {i}: analytic {analytic[i]}, numeric {numeric}");
                checkedCount++;
            }

            Assert.True(checkedCount >= 10);
        }
    }
}
