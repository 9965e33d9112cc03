using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.QChunking;
using OfflineRl.MLNet.Algorithms.Td3Bc;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Tests.Nn;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Tests.Algorithms.QChunking;

/// <summary>
/// Q-chunking (issue 30): with h = 1 it is TD3+BC to the bit; the chunk actor's DDPG+BC gradient through the chunk critic
/// against finite differences; a chunk policy acts, saves and loads as h actions per observation.
/// </summary>
public sealed class QChunkingTests
{
    private static TrajectoryDataset Pendulum() =>
        NpzDatasetLoader.Load(TestData.Pendulum, new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.AllTruncated });

    private static T Small<T>(T options)
        where T : TrainerOptions
    {
        (options.Steps, options.BatchSize, options.HiddenSizes, options.LearningRate, options.Seed) = (60, 64, [32, 32], 1e-3f, 3);
        return options;
    }

    [Fact]
    public void With_one_step_chunks_and_no_layer_norm_the_weights_are_td3bcs()
    {
        var data = Pendulum();
        var rl = new MLContext(0).OfflineRL();
        var td3bc = rl.Trainers.Td3Bc(Small(new Td3BcOptions())).Fit(data).Model;
        var chunked = rl.Trainers.QChunking(Small(new QChunkingOptions { ChunkLength = 1, CriticLayerNorm = false })).Fit(data).Model;
        Assert.Equal(1, chunked.Policy.ChunkLength);
        Assert.Equal(td3bc.Policy.Weights(), chunked.Policy.Weights());
        Assert.Equal(td3bc.ValueNetworks.Count, chunked.ValueNetworks.Count);
        for (var i = 0; i < td3bc.ValueNetworks.Count; i++)
        {
            Assert.Equal(td3bc.ValueNetworks[i].Parameters.ToArray(), chunked.ValueNetworks[i].Parameters.ToArray());
        }

        // The comparison can fail: the paper's LayerNorm critic at h = 1 is another method.
        var layerNorm = rl.Trainers.QChunking(Small(new QChunkingOptions { ChunkLength = 1 })).Fit(data).Model;
        Assert.NotEqual(td3bc.Policy.Weights(), layerNorm.Policy.Weights());
    }

    [Fact]
    public void The_chunk_critic_learns_the_discounted_sum_of_a_chunk_cut_by_a_terminal_end()
    {
        // Two-step terminal episodes, rewards 1 and 1, γ = 0.5, h = 3: every chunk ends terminal, so its target is
        // R alone — 1 + 0.5·1 = 1.5 from s₀ with the chunk [a₀, a₁, 0], and 1 from s₁ with [a₁, 0, 0].
        var b = new TrajectoryDatasetBuilder("terminal-chunks", 1);
        for (var e = 0; e < 50; e++)
        {
            b.AddStep(e, [0f], [0.5f], 1f, isTerminal: false, isTruncated: false);
            b.AddStep(e, [1f], [-0.5f], 1f, isTerminal: true, isTruncated: false);
        }

        var options = new QChunkingOptions { ChunkLength = 3, CriticLayerNorm = false, Discount = 0.5f, NormalizeObservations = false };
        (options.Steps, options.BatchSize, options.HiddenSizes, options.LearningRate, options.Seed) = (1500, 32, [16, 16], 3e-3f, 1);
        var model = new MLContext(0).OfflineRL().Trainers.QChunking(options).Fit(b.Build(new DatasetLoadOptions { ActionLow = [-1f], ActionHigh = [1f] })).Model;
        foreach (var q in model.ValueNetworks)
        {
            var values = q.Evaluate([0f, 0.5f, -0.5f, 0f, 1f, -0.5f, 0f, 0f], 2);
            Assert.Equal(1.5, values[0], 0.05);
            Assert.Equal(1.0, values[1], 0.05);
        }
    }

    [Fact]
    public void The_chunk_critic_bootstraps_with_gamma_to_the_h()
    {
        // Four-step terminal episodes, reward 1 each step, one logged action (0.5), γ = 0.5, h = 2. Q(s₃) = 1 and Q(s₂) = 1.5
        // end terminal; s₁ and s₀ bootstrap with γ² = 0.25: 1.5 + 0.25·1 = 1.75 and 1.5 + 0.25·1.5 = 1.875 (γ instead of
        // γ² would give 2.0 and 2.25).
        var b = new TrajectoryDatasetBuilder("bootstrapped-chunks", 1);
        for (var e = 0; e < 50; e++)
        {
            for (var t = 0; t < 4; t++)
            {
                b.AddStep(e, [t], [0.5f], 1f, isTerminal: t == 3, isTruncated: false);
            }
        }

        // α near 0 keeps the actor on the logged chunks, where the critic has data: the target chunk π̄(s_{t+h}) is then the
        // logged one, and Q̄ at it is the value above, not an extrapolation.
        var options = new QChunkingOptions { ChunkLength = 2, CriticLayerNorm = false, Discount = 0.5f, NormalizeObservations = false, Alpha = 1e-3f };
        options.TwinDelayed.PolicyNoise = 0f;
        (options.Steps, options.BatchSize, options.HiddenSizes, options.LearningRate, options.Seed) = (3000, 32, [16, 16], 3e-3f, 1);
        var model = new MLContext(0).OfflineRL().Trainers.QChunking(options).Fit(b.Build(new DatasetLoadOptions { ActionLow = [-1f], ActionHigh = [1f] })).Model;
        foreach (var q in model.ValueNetworks)
        {
            var values = q.Evaluate([0f, 0.5f, 0.5f, 1f, 0.5f, 0.5f, 2f, 0.5f, 0.5f, 3f, 0.5f, 0f], 4);
            Assert.Equal(1.875, values[0], 0.06);
            Assert.Equal(1.75, values[1], 0.06);
            Assert.Equal(1.5, values[2], 0.06);
            Assert.Equal(1.0, values[3], 0.06);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_chunk_actors_ddpg_bc_gradient_through_the_chunk_critic_matches_finite_differences(bool layerNorm)
    {
        const int batch = 4, h = 3, a = 2, obs = 3;
        var b = new TrajectoryDatasetBuilder("chunks", obs, a);
        var random = new Random(2);
        for (var i = 0; i < 20; i++)
        {
            b.AddStep(i / 10, [(float)random.NextDouble(), (float)random.NextDouble() - 0.5f, 1f], [(float)random.NextDouble() * 2 - 1, (float)random.NextDouble() * 2 - 1],
                (float)random.NextDouble(), isTerminal: i % 10 == 9, isTruncated: false);
        }

        var data = b.Build(new DatasetLoadOptions { ActionLow = [-1f, -1f], ActionHigh = [1f, 1f] });
        var nn = new NnRandom(4);
        var actor = new Actor(data, PolicyHead.Deterministic, [7, 5], batch, 1e-3f, nn, chunkLength: h);
        var critic = new Critic(data, [8, 6], batch, 1e-3f, 0.005f, nn, layerNorm, chunkLength: h);
        Assert.Equal(h * a, actor.Head.Net.Options.OutputSize);
        Assert.Equal(obs + (h * a), critic.InputSize);
        var observations = Enumerable.Range(0, batch * obs).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var logged = Enumerable.Range(0, batch * h * a).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        const float alpha = 2.5f, beta = 1f / (h * a);

        // Analytic: ∂L/∂π from DdpgBcLoss at the actor's chunks, back through the actor.
        var pi = actor.Forward(observations, batch).ToArray();
        var input = new float[batch * critic.InputSize];
        var q = new float[batch];
        var dQda = new float[batch * h * a];
        critic.ActionGradient(critic.Input(observations, pi, input), ofMinimum: false, q, dQda);
        var lambda = alpha / q.Select(Math.Abs).Average();
        var dLdPi = new float[batch * h * a];
        DdpgBcLoss.Gradient(pi, logged, q, dQda, alpha, true, beta, batch, h * a, dLdPi);
        actor.Head.ZeroGradients();
        actor.Forward(observations, batch);
        actor.BackwardFromActions(dLdPi, batch);
        var analytic = actor.Head.Gradients.ToArray();

        // L(θ) = −λ·mean_b Q₁(s, π_θ(s)) + β·mean_b ‖π_θ(s) − a‖², λ held at its value above, in float64 from float32 passes.
        var parameters = new float[actor.Head.Parameters.Length];
        actor.Head.Parameters.CopyTo(parameters);
        double Loss()
        {
            parameters.CopyTo(actor.Head.Parameters);
            var chunk = actor.Head.Net.Evaluate(observations, batch).ToArray();
            var values = critic.Heads[0].Evaluate(critic.Input(observations, chunk, input), batch);
            double total = 0;
            for (var row = 0; row < batch; row++)
            {
                double squares = 0;
                for (var i = 0; i < h * a; i++)
                {
                    var diff = (double)chunk[(row * h * a) + i] - logged[(row * h * a) + i];
                    squares += diff * diff;
                }

                total += (-lambda * values[row]) + (beta * squares);
            }

            return total / batch;
        }

        GradCheck.Check(parameters, Loss, analytic, $"chunk actor (LayerNorm critic {layerNorm})", h: 1e-3f);
    }

    [Fact]
    public void A_chunk_policy_acts_h_actions_per_observation_and_saves_its_chunk_length()
    {
        var data = Pendulum();
        var model = new MLContext(0).OfflineRL().Trainers.QChunking(Small(new QChunkingOptions { ChunkLength = 4 })).Fit(data).Model;
        var policy = model.Policy;
        Assert.Equal((4, 1), (policy.ChunkLength, policy.ActionDimension));
        var obs = data.Observations[..(3 * data.ObservationDimension)].ToArray();
        var chunks = new float[3 * 4];
        policy.Act(obs, 3, chunks);
        Assert.Throws<ArgumentException>(() => policy.Act(obs, 3, new float[3]));
        var (low, high) = (data.ActionSpace.Low![0], data.ActionSpace.High![0]);
        Assert.All(chunks, x => Assert.InRange(x, low, high));
        Assert.True(chunks.Distinct().Count() > 3, "the chunk's actions should differ");

        // The offline evaluations score single actions; they say so instead of failing on a buffer size.
        var metrics = Assert.Throws<NotSupportedException>(() => OfflineMetrics.Compute(model, data));
        Assert.Contains("chunks of 4 actions", metrics.Message, StringComparison.Ordinal);
        var ope = Assert.Throws<NotSupportedException>(() => OffPolicyEvaluator.Evaluate(data, policy, null, null, new OffPolicyEvaluationOptions(), 0));
        Assert.Contains("evaluate-env", ope.Message, StringComparison.Ordinal);

        var path = TestData.TempFile(".policy");
        try
        {
            policy.Save(path);
            var loaded = Policy.Load(path);
            Assert.Equal(4, loaded.ChunkLength);
            var again = new float[chunks.Length];
            loaded.Act(obs, 3, again);
            Assert.Equal(chunks, again);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
