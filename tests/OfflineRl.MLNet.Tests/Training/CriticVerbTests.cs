using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Tests.Training;

/// <summary>
/// The engine verbs TD3+BC and ReBRAC add: ∂Q/∂a of the twin critic against finite differences (leaving the critic's own
/// gradients alone), target-policy smoothing, the sampler's next logged actions, and LayerNorm parameters that a second
/// network over the same array does not reset.
/// </summary>
public sealed class CriticVerbTests
{
    private const int Batch = 5;
    private const int Obs = 3;
    private const int Act = 2;

    /// <summary>Episodes 0 and 2 end terminal; episode 1 is truncated after its last step, whose next state is recorded.</summary>
    private static TrajectoryDataset Data()
    {
        var b = new TrajectoryDatasetBuilder("verbs", Obs, Act);
        var random = new Random(5);
        for (var i = 0; i < 30; i++)
        {
            var last = i % 10 == 9;
            b.AddStep(i / 10, [i / 30f, (float)random.NextDouble() - 0.5f, 1f], [i / 30f - 0.5f, (float)random.NextDouble() * 2 - 1],
                (float)random.NextDouble(), isTerminal: last && i / 10 != 1, isTruncated: last && i / 10 == 1, nextObservation: [(i + 1) / 30f, 0f, 1f]);
        }

        return b.Build(new DatasetLoadOptions { ActionLow = [-1f, -1f], ActionHigh = [1f, 1f] });
    }

    [Theory]
    [InlineData(false, false, 2)]
    [InlineData(false, true, 2)]
    [InlineData(true, false, 2)]
    [InlineData(true, true, 2)]
    [InlineData(false, true, 1)]
    [InlineData(true, true, 3)]
    [InlineData(false, true, 5)]
    public void Action_gradient_matches_finite_differences_and_leaves_the_critic_alone(bool layerNorm, bool ofMinimum, int heads)
    {
        var critic = new Critic(Data(), [8, 6], Batch, 1e-3f, 0.005f, new NnRandom(3), layerNorm, heads: heads);
        if (layerNorm)
        {
            var random = new NnRandom(8);
            foreach (var net in critic.Heads)
            {
                foreach (var norm in net.Norms)
                {
                    for (var i = 0; i < norm!.Features; i++)
                    {
                        (norm.Gamma[i], norm.Beta[i]) = (1f + 0.3f * (float)random.NextGaussian(), 0.2f * (float)random.NextGaussian());
                    }
                }
            }
        }

        var rng = new Random(7);
        var input = Enumerable.Range(0, Batch * (Obs + Act)).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var other = Enumerable.Range(0, Batch * (Obs + Act)).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();

        // A training pass and its gradients, which the verb must not disturb.
        critic.ForwardHalf(other, 0);
        critic.ForwardHalf(other, 1);
        critic.RegressTo(new float[Batch], []);
        var gradients = critic.Network.Gradients.ToArray();
        var outputs = critic.Heads[0].Output.ToArray();

        var values = new float[Batch];
        var dQda = new float[Batch * Act];
        critic.ActionGradient(input, ofMinimum, values, dQda);
        Assert.Equal(gradients, critic.Network.Gradients.ToArray());
        Assert.Equal(outputs, critic.Heads[0].Output.ToArray());

        double Q(int row) => ofMinimum
            ? critic.Heads.Min(q => q.Evaluate(input, Batch)[row])
            : critic.Heads[0].Evaluate(input, Batch)[row];

        var minimum = new float[Batch];
        critic.MinOfOnline(input, [], minimum);
        Assert.Equal(Enumerable.Range(0, Batch).Select(r => (float)critic.Heads.Min(q => q.Evaluate(input, Batch)[r])), minimum);

        for (var row = 0; row < Batch; row++)
        {
            Assert.Equal(Q(row), values[row], 5);
            var at = row;
            var analytic = Enumerable.Range(0, Act).Select(d => dQda[row * Act + d]).ToArray();
            var indices = Enumerable.Range(0, Act).Select(d => row * (Obs + Act) + Obs + d).ToArray();
            var full = new float[input.Length];
            for (var d = 0; d < Act; d++)
            {
                full[indices[d]] = analytic[d];
            }

            Nn.GradCheck.Check(input, () => Q(at), full, $"dQ/da row {row}", indices, h: 1e-3f);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Backward_from_outputs_gives_the_regression_gradients_and_forward_halves_cover_every_head(int heads)
    {
        var critic = new Critic(Data(), [8, 6], Batch, 1e-3f, 0.005f, new NnRandom(3), heads: heads);
        var rng = new Random(11);
        var input = Enumerable.Range(0, Batch * (Obs + Act)).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var targets = Enumerable.Range(0, Batch).Select(_ => (float)rng.NextDouble()).ToArray();
        critic.ForwardHalf(input, 0);
        critic.ForwardHalf(input, 1);
        for (var h = 0; h < heads; h++)
        {
            Assert.Equal(critic.Heads[h].Evaluate(input, Batch).ToArray(), critic.Heads[h].Output[..Batch].ToArray());
        }

        var loss = critic.RegressTo(targets, []);
        var expected = critic.Network.Gradients.ToArray();
        var mse = critic.Heads.Average(q => Enumerable.Range(0, Batch).Average(i => Math.Pow(q.Output[i] - targets[i], 2)));
        Assert.Equal(mse, loss, 6);

        // ∂(½·mean (q − y)²)/∂q = (q − y)/B per head, head after head.
        var dQ = critic.Heads.SelectMany(q => Enumerable.Range(0, Batch).Select(i => (q.Output[i] - targets[i]) / Batch)).ToArray();
        critic.Network.Gradients.AsSpan().Fill(7f);
        critic.BackwardFromOutputs(dQ, accumulate: false);
        Assert.Equal(expected, critic.Network.Gradients.ToArray());
        critic.BackwardFromOutputs(dQ, accumulate: true);
        var doubled = critic.Network.Gradients.ToArray();
        Assert.All(Enumerable.Range(0, expected.Length), i => Assert.Equal(2 * expected[i], doubled[i], 1e-6f));
    }

    [Fact]
    public void Smoothed_target_actions_stay_within_the_clip_and_the_action_range()
    {
        var data = Data();
        var actor = new Actor(data, PolicyHead.Deterministic, [8], Batch, 1e-3f, new NnRandom(2));
        actor.AddTarget(0.5f, Batch);
        var observations = data.Observations[..(Batch * Obs)].ToArray();
        var mean = actor.Head.Net.Evaluate(observations, Batch).ToArray();
        var noisy = new float[Batch * Act];
        actor.SmoothedTargetActions(observations, Batch, new NnRandom(1), 0f, 0.5f, noisy);
        Assert.Equal(mean, noisy); // σ = 0: the target policy itself, a copy of the actor at AddTarget

        var random = new NnRandom(4);
        var spread = 0.0;
        for (var draw = 0; draw < 50; draw++)
        {
            actor.SmoothedTargetActions(observations, Batch, random, 10f, 0.3f, noisy);
            for (var i = 0; i < noisy.Length; i++)
            {
                Assert.InRange(noisy[i], -1f, 1f);
                Assert.True(Math.Abs(noisy[i] - Math.Clamp(mean[i], -1f, 1f)) <= 0.3f + 1e-6f, $"{noisy[i]} vs {mean[i]}");
                spread = Math.Max(spread, Math.Abs(noisy[i] - mean[i]));
            }
        }

        Assert.True(spread > 0.29, "σ = 10 clipped at 0.3 reaches the clip");

        // The target moves toward the actor by the Polyak rate.
        var before = actor.TargetParameters.ToArray();
        actor.Head.Net.Parameters[0] += 1f;
        actor.UpdateTarget();
        Assert.Equal(before[0] + 0.5f * (actor.Head.Net.Parameters[0] - before[0]), actor.TargetParameters[0], 6);
    }

    [Fact]
    public void Sampler_draws_the_next_logged_action_and_leaves_out_truncated_ends()
    {
        var data = Data();
        var sampler = BatchSampler.ForTemporalDifferenceWithNextActions(data, 64, seed: 3);
        Assert.Equal(1, sampler.WithoutNextAction); // episode 1's last step: its next state was recorded, its next action was not
        Assert.Equal(29, sampler.PoolSize);
        sampler.Sample();
        for (var b = 0; b < 64; b++)
        {
            var row = sampler.Rows[b];
            Assert.NotEqual(19, row);
            var next = sampler.NextActions.AsSpan(b * Act, Act).ToArray();
            if (data.IsTerminal[row])
            {
                Assert.Equal(new float[Act], next);
            }
            else
            {
                var logged = data.GetContinuousAction(row + 1).ToArray(); // scaled from [−1, 1] to [−1, 1]: equal up to rounding
                Assert.All(Enumerable.Range(0, Act), d => Assert.Equal(logged[d], next[d], 6));
            }
        }
    }

    [Fact]
    public void A_second_network_over_the_same_parameters_keeps_trained_layer_norms()
    {
        var options = new MlpOptions(4, [6], 1) { LayerNorm = true };
        var net = new Mlp(options, 8);
        net.Initialize(new NnRandom(1));
        net.Norms[0]!.Gamma[2] = 3f;
        net.Norms[0]!.Beta[1] = -2f;
        var parameters = net.Parameters.ToArray();
        _ = new Mlp(options, 8, parameters, new float[parameters.Length], 0);
        Assert.Equal(net.Parameters.ToArray(), parameters);
        var input = new float[] { 0.1f, -0.2f, 0.3f, 0.5f };
        Assert.Equal(net.Forward(input, 1).ToArray(), net.Evaluate(input, 1).ToArray());
    }
}
