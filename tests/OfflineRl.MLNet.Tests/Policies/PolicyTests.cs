using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Tests.Nn;

namespace OfflineRl.MLNet.Tests.Policies;

public sealed class PolicyTests
{
    private static readonly PolicyNetworkOptions Small = new() { HiddenSizes = [8, 8] };

    [Fact]
    public void Gaussian_log_prob_is_normal_around_tanh_mean_with_clipped_log_std()
    {
        var policy = new GaussianHead(2, 2, Small, maxBatch: 4, logStdMin: -5f, logStdMax: 2f);
        policy.Initialize(new NnRandom(1));
        policy.LogStd[0] = -0.5f;
        policy.LogStd[1] = 7f; // clipped to 2
        float[] obs = [0.3f, -0.2f];
        var mean = new float[2];
        policy.Act(obs, mean);
        Assert.All(mean, m => Assert.InRange(m, -1f, 1f));
        float[] action = [0.1f, -0.4f];
        var expected = 0.0;
        var ls = new[] { -0.5, 2.0 };
        for (var d = 0; d < 2; d++)
        {
            var z = (action[d] - mean[d]) / Math.Exp(ls[d]);
            expected += -0.5 * z * z - ls[d] - 0.5 * Math.Log(2 * Math.PI);
        }

        Assert.Equal(expected, policy.LogProb(obs, action), 5);
        var batchLp = new float[2];
        policy.LogProb([.. obs, .. obs], [.. action, .. action], 2, batchLp);
        Assert.Equal(batchLp[0], batchLp[1]);
        Assert.Equal(expected, batchLp[0], 5);
    }

    [Fact]
    public void Categorical_act_is_argmax_and_probabilities_sum_to_one()
    {
        var policy = new CategoricalHead(3, 4, Small, maxBatch: 8);
        policy.Initialize(new NnRandom(2));
        float[] obs = [0.5f, -1f, 2f];
        var probs = new float[4];
        policy.Probabilities(obs, probs);
        Assert.Equal(1f, probs.Sum(), 5);
        var best = Array.IndexOf(probs, probs.Max());
        Assert.Equal(best, policy.ActIndex(obs));
        Assert.Equal(Math.Log(probs[2]), policy.LogProb(obs, [2f]), 5);

        // Sampling follows the probabilities.
        var rng = new NnRandom(3);
        var counts = new int[4];
        var a = new float[1];
        for (var i = 0; i < 20000; i++)
        {
            policy.Sample(obs, a, rng);
            counts[(int)a[0]]++;
        }

        for (var k = 0; k < 4; k++)
        {
            Assert.Equal(probs[k], counts[k] / 20000.0, 1);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => policy.LogProb(obs, [4f]));
    }

    [Fact]
    public void Preprocessing_makes_policies_act_on_raw_observations_in_env_units()
    {
        var pre = new PolicyPreprocessing([10f, -2f], [2f, 0.5f], [0f, -4f], [2f, 4f]);
        var policy = new DeterministicHead(2, 2, Small, pre, maxBatch: 4);
        policy.Initialize(new NnRandom(4));
        float[] raw = [12f, -1.5f];
        var envAction = new float[2];
        policy.Act(raw, envAction);

        var reference = new DeterministicHead(2, 2, Small, null, maxBatch: 4);
        policy.Parameters.CopyTo(reference.Parameters);
        var scaled = new float[2];
        reference.Act([1f, 1f], scaled); // (12−10)/2, (−1.5+2)/0.5
        Assert.Equal(0f + (scaled[0] + 1f) * 0.5f * 2f, envAction[0], 5);
        Assert.Equal(-4f + (scaled[1] + 1f) * 0.5f * 8f, envAction[1], 5);

        var back = new float[2];
        pre.ScaleActions(envAction, back, 1, 2);
        Assert.Equal(scaled[0], back[0], 5);
        Assert.Equal(scaled[1], back[1], 5);
    }

    [Fact]
    public void Batched_act_equals_single_act_beyond_max_batch()
    {
        var policy = new GaussianHead(3, 2, Small, maxBatch: 2);
        policy.Initialize(new NnRandom(5));
        var obs = GradCheck.Random(new Random(1), 5 * 3);
        var batched = new float[10];
        policy.Act(obs, 5, batched);
        for (var r = 0; r < 5; r++)
        {
            var one = new float[2];
            policy.Act(obs.AsSpan(r * 3, 3), one);
            Assert.Equal(one[0], batched[r * 2], 6);
            Assert.Equal(one[1], batched[r * 2 + 1], 6);
        }
    }

    public static TheoryData<PolicyKind> Kinds() => new() { PolicyKind.Categorical, PolicyKind.Gaussian, PolicyKind.Deterministic };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Public_routes_create_sample_save_and_load_as_the_internal_ones_do(PolicyKind kind)
    {
        // CreateRandom is a head initialized from NnRandom(seed); a PolicySampler draws what Sample draws from NnRandom(seed).
        var discrete = kind == PolicyKind.Categorical;
        var pre = discrete ? null : new PolicyPreprocessing(actionLow: [-2f, 0f], actionHigh: [2f, 1f]);
        var policy = Policy.CreateRandom(kind, 3, discrete ? 4 : 2, [16, 8], pre, seed: 11);
        var net = new PolicyNetworkOptions { HiddenSizes = [16, 8] };
        MlpHead expected = kind switch
        {
            PolicyKind.Categorical => new CategoricalHead(3, 4, net, pre),
            PolicyKind.Gaussian => new GaussianHead(3, 2, net, pre),
            _ => new DeterministicHead(3, 2, net, pre),
        };
        expected.Initialize(new NnRandom(11));
        Assert.Equal(kind, policy.Kind);
        Assert.Equal(expected.Parameters.ToArray(), policy.Weights());

        var sampler = new PolicySampler(policy, seed: 5);
        var random = new NnRandom(5);
        float[] obs = [0.2f, -0.7f, 1.1f];
        var (drawn, reference) = (new float[policy.ActionDimension], new float[policy.ActionDimension]);
        for (var i = 0; i < 20; i++)
        {
            sampler.Sample(obs, drawn);
            expected.Sample(obs, reference, random);
            Assert.Equal(reference, drawn);
        }

        var path = Path.Combine(Path.GetTempPath(), $"orl-public-policy-{Guid.NewGuid():N}.bin");
        try
        {
            policy.Save(path);
            var loaded = Policy.Load(path);
            var (a, b) = (new float[policy.ActionDimension], new float[policy.ActionDimension]);
            policy.Act(obs, a);
            loaded.Act(obs, b);
            Assert.Equal(a, b);
            Assert.Equal(policy.Weights(), loaded.Weights());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Loss_gradient_in_two_row_halves_matches_the_row_split_whole_batch(PolicyKind kind)
    {
        // BC's two-thread step: each half runs forward, loss and backward on its rows; the network gradient is the
        // sum of the two arrays and must be what the whole-batch call gives with the network splitting rows itself.
        const int batch = 67, obsDim = 5, actDim = 3; // odd: halves of 33 and 34 rows
        var net = new PolicyNetworkOptions { HiddenSizes = [32, 16] };
        MlpHead Make() => kind switch
        {
            PolicyKind.Categorical => new CategoricalHead(obsDim, 4, net, maxBatch: batch),
            PolicyKind.Gaussian => new GaussianHead(obsDim, actDim, net, maxBatch: batch),
            _ => new DeterministicHead(obsDim, actDim, net, maxBatch: batch),
        };
        var whole = Make();
        var halves = Make();
        whole.Initialize(new NnRandom(3));
        if (whole is GaussianHead g)
        {
            g.LogStd[0] = -0.3f;
            g.LogStd[2] = 3f; // outside the clip: no gradient
        }

        whole.Parameters.CopyTo(halves.Parameters);
        var rng = new Random(4);
        var obs = GradCheck.Random(rng, batch * obsDim);
        var actions = kind == PolicyKind.Categorical
            ? Enumerable.Range(0, batch).Select(i => (float)(i * 7 % 4)).ToArray()
            : GradCheck.Random(rng, batch * actDim, 0.9);
        var weights = Enumerable.Range(0, batch).Select(i => 0.25f + (i % 5)).ToArray();

        var previous = NnThreading.SetScoped(2);
        float wholeLoss, halvesLoss = 0f;
        try
        {
            whole.ZeroGradients();
            wholeLoss = whole.AccumulateLossGradient(obs, actions, weights, batch);
            Assert.True(halves.SupportsLossParts);
            for (var pass = 0; pass < 2; pass++) // the second pass checks both arrays are overwritten, not added to
            {
                halves.BeginLossParts();
                ParallelWorkers.Invoke(
                    () => halves.LossGradientPart(obs, actions, weights, batch, 0),
                    () => halves.LossGradientPart(obs, actions, weights, batch, 1),
                    2);
                halvesLoss = halves.EndLossParts();
            }
        }
        finally
        {
            NnThreading.RestoreScoped(previous);
        }

        var count = halves.NetworkParameterCount;
        var sum = new float[halves.Gradients.Length];
        System.Numerics.Tensors.TensorPrimitives.Add(halves.Gradients, halves.ShardGradients, sum);
        Assert.Equal(whole.Gradients[..count].ToArray(), sum[..count]); // the same row terms in the same order
        Assert.All(halves.ShardGradients[count..].ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(wholeLoss, halvesLoss, 5e-6f * Math.Abs(wholeLoss)); // the two halves' sums added last
        for (var i = count; i < sum.Length; i++)
        {
            Assert.Equal(whole.Gradients[i], sum[i], 1e-6f);
        }

        if (kind == PolicyKind.Gaussian)
        {
            Assert.NotEqual(0f, sum[count]);
            Assert.Equal(0f, sum[count + 2]);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Weighted_loss_gradient_matches_finite_differences(PolicyKind kind)
    {
        var rng = new Random(6);
        const int batch = 5, obsDim = 4, actDim = 3;
        MlpHead policy = kind switch
        {
            PolicyKind.Categorical => new CategoricalHead(obsDim, 3, Small with { HiddenActivation = Activation.Tanh }, maxBatch: batch),
            PolicyKind.Gaussian => new GaussianHead(obsDim, actDim, Small with { HiddenActivation = Activation.Tanh }, maxBatch: batch),
            _ => new DeterministicHead(obsDim, actDim, Small with { HiddenActivation = Activation.Tanh }, maxBatch: batch),
        };
        policy.Initialize(new NnRandom(7));
        if (policy is GaussianHead g)
        {
            g.LogStd[0] = -0.3f;
            g.LogStd[1] = 0.4f;
            g.LogStd[2] = 3f; // outside the clip [−5, 2]: no gradient
        }

        var obs = GradCheck.Random(rng, batch * obsDim);
        var width = policy.ActionDimension;
        var actions = kind == PolicyKind.Categorical
            ? new float[] { 0, 2, 1, 1, 0 }
            : GradCheck.Random(rng, batch * width, 0.9);
        float[] weights = [1f, 0.5f, 2f, 0f, 3f];

        policy.ZeroGradients();
        var loss = policy.AccumulateLossGradient(obs, actions, weights, batch);
        var grads = policy.Gradients.ToArray();
        var parameters = policy.Parameters.ToArray();
        double Loss()
        {
            parameters.CopyTo(policy.Parameters);
            var before = policy.Gradients.ToArray();
            var l = policy.AccumulateLossGradient(obs, actions, weights, batch);
            before.CopyTo(policy.Gradients);
            return l;
        }

        if (kind != PolicyKind.Deterministic)
        {
            var lp = new float[batch];
            policy.LogProb(obs, actions, batch, lp);
            Assert.Equal(-lp.Select((v, i) => v * weights[i]).Sum() / batch, loss, 4);
        }
        else
        {
            Assert.Throws<NotSupportedException>(() => policy.LogProb(obs.AsSpan(0, obsDim), actions.AsSpan(0, width)));
        }

        GradCheck.Check(parameters, Loss, grads, $"{kind} dθ", h: 1e-2f, tolerance: 3e-2);
        if (kind == PolicyKind.Gaussian)
        {
            Assert.Equal(0f, grads[^1]);
            Assert.NotEqual(0f, grads[^2]);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Save_load_round_trip_preserves_bytes_options_and_actions(PolicyKind kind)
    {
        var pre = kind == PolicyKind.Categorical
            ? new PolicyPreprocessing([1f, 2f, 3f], [0.5f, 1f, 2f])
            : new PolicyPreprocessing([1f, 2f, 3f], [0.5f, 1f, 2f], [-2f, 0f], [2f, 1f]);
        var net = new PolicyNetworkOptions { HiddenSizes = [16, 8], LayerNorm = true };
        MlpHead policy = kind switch
        {
            PolicyKind.Categorical => new CategoricalHead(3, 5, net, pre),
            PolicyKind.Gaussian => new GaussianHead(3, 2, net, pre, logStdMin: -4f, logStdMax: 1f),
            _ => new DeterministicHead(3, 2, net, pre),
        };
        policy.Initialize(new NnRandom(8));
        var dir = Path.Combine(Path.GetTempPath(), "orl-policy-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = Path.Combine(dir, "policy.orlp");
            policy.Save(path);
            policy.Save(path); // overwrite works
            Assert.Single(Directory.GetFiles(dir)); // no temporary file left behind
            var loaded = (MlpHead)PolicySerializer.Load(path);
            Assert.Equal(kind, loaded.Kind);
            Assert.True(policy.Parameters.SequenceEqual(loaded.Parameters));
            Assert.Equal(policy.Network, loaded.Network);
            Assert.Equal(pre.ObservationStd, loaded.Preprocessing.ObservationStd);
            Assert.Equal(pre.ActionHigh, loaded.Preprocessing.ActionHigh);
            if (loaded is GaussianHead lg)
            {
                Assert.Equal(-4f, lg.LogStdMin);
                Assert.Equal(1f, lg.LogStdMax);
            }

            float[] raw = [0.3f, 5f, -2f];
            var a1 = new float[policy.ActionDimension];
            var a2 = new float[policy.ActionDimension];
            policy.Act(raw, a1);
            loaded.Act(raw, a2);
            Assert.Equal(a1, a2);

            var bytes = File.ReadAllBytes(path);
            Assert.Equal("ORLPOLCY"u8.ToArray(), bytes[..8]);
            bytes[8] = 99; // unknown version
            File.WriteAllBytes(path, bytes);
            var ex = Assert.Throws<InvalidDataException>(() => PolicySerializer.Load(path));
            Assert.Contains("version 99", ex.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Same_seed_gives_identical_policy_bytes()
    {
        var a = new GaussianHead(17, 6);
        var b = new GaussianHead(17, 6);
        a.Initialize(new NnRandom(77));
        b.Initialize(new NnRandom(77));
        using var sa = new MemoryStream();
        using var sb = new MemoryStream();
        PolicySerializer.Write(a, sa);
        PolicySerializer.Write(b, sb);
        Assert.Equal(sa.ToArray(), sb.ToArray());
    }
}
