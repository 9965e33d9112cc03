using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Tests.Nn;

public sealed class OptimizerTests
{
    [Fact]
    public void Adam_matches_hand_computed_steps()
    {
        var adam = new Adam(9, learningRate: 0.1f);
        var p = Enumerable.Repeat(1f, 9).ToArray(); // 9 values: vector body plus scalar tail
        adam.Step(p, Enumerable.Repeat(0.5f, 9).ToArray());
        // t=1: m̂ = g, v̂ = g², step = lr·g/(|g| + ε) ≈ 0.1.
        Assert.All(p, v => Assert.Equal(0.9, v, 6));
        adam.Step(p, Enumerable.Repeat(-1f, 9).ToArray());
        double m = 0.9 * 0.05 + 0.1 * -1, v2 = 0.999 * 0.00025 + 0.001 * 1;
        var expected = 0.9 - 0.1 / (1 - 0.81) * m / (Math.Sqrt(v2) / Math.Sqrt(1 - 0.998001) + 1e-8);
        Assert.All(p, v => Assert.Equal(expected, v, 5));
        Assert.Equal(2, adam.StepCount);
    }

    [Fact]
    public void Adam_weight_decay_modes_differ_as_documented()
    {
        var decoupled = new Adam(1, 0.1f) { WeightDecay = 0.5f, WeightDecayMode = WeightDecayMode.Decoupled };
        var p = new[] { 2f };
        decoupled.Step(p, [0f]);
        Assert.Equal(2f * (1 - 0.05f), p[0], 6); // zero gradient: only the shrink

        var l2 = new Adam(1, 0.1f) { WeightDecay = 0.5f, WeightDecayMode = WeightDecayMode.L2 };
        var q = new[] { 2f };
        l2.Step(q, [0f]);
        Assert.Equal(1.9f, q[0], 5); // g = λθ = 1: a full normalised step of lr
    }

    [Fact]
    public void Cosine_schedule_values()
    {
        var s = new CosineSchedule(1e-3f, 100, 1e-5f);
        Assert.Equal(1e-3f, s.LearningRate(0));
        Assert.Equal((1e-3 + 1e-5) / 2, s.LearningRate(50), 7);
        Assert.Equal(1e-5 + (1e-3 - 1e-5) * (1 + Math.Cos(Math.PI * 0.25)) / 2, s.LearningRate(25), 7);
        Assert.Equal(1e-5f, s.LearningRate(100));
        Assert.Equal(1e-5f, s.LearningRate(1000));
    }

    [Fact]
    public void Polyak_and_clipping()
    {
        var target = new float[] { 1f, 2f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 4f };
        var online = new float[] { 3f, 6f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 8f };
        Polyak.Update(target, online, 0.25f);
        Assert.Equal(1.5f, target[0]);
        Assert.Equal(3f, target[1]);
        Assert.Equal(5f, target[9]);
        Polyak.Update(target, online, 1f);
        Assert.Equal(online, target);

        var g = new[] { 3f, 4f };
        Assert.Equal(5f, GradientClipping.ClipByNorm(g, 1f));
        Assert.Equal(0.6f, g[0], 5);
        Assert.Equal(0.8f, g[1], 5);
        var small = new[] { 0.3f, 0.4f };
        GradientClipping.ClipByNorm(small, 1f);
        Assert.Equal(new[] { 0.3f, 0.4f }, small);
    }

    [Fact]
    public void Random_is_reproducible_and_portable()
    {
        var a = new NnRandom(42);
        var b = new NnRandom(42);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
        }

        // Reference value of xoshiro256** seeded through SplitMix64(0): first SplitMix64 outputs are well known.
        var r = new NnRandom(0);
        Span<ulong> state = stackalloc ulong[6];
        r.GetState(state);
        Assert.Equal(0xE220A8397B1DCDAFUL, state[0]);
        Assert.Equal(0x6E789E6AA1B965F4UL, state[1]);

        foreach (var x in new[] { 1e-300, 0.001, 0.5, 0.7071, 1.0, 1.5, 2.0, 12345.678 })
        {
            Assert.Equal(Math.Log(x), NnRandom.PortableLog(x), 13);
        }

        var g = new NnRandom(7);
        double sum = 0, sq = 0;
        const int n = 200_000;
        for (var i = 0; i < n; i++)
        {
            var v = g.NextGaussian();
            sum += v;
            sq += v * v;
        }

        Assert.Equal(0, sum / n, 2);
        Assert.Equal(1, sq / n, 1);
        var u = new NnRandom(3);
        Assert.All(Enumerable.Range(0, 1000).Select(_ => u.NextInt(7)), k => Assert.InRange(k, 0, 6));
    }

    [Fact]
    public void Adam_split_across_two_threads_gives_the_same_bits_as_one_sweep()
    {
        // Above the threshold a step runs in two halves; an odd count leaves a scalar tail in the second half.
        var n = Adam.ParallelThreshold * 2 + 13;
        var rng = new Random(9);
        var p1 = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var p2 = (float[])p1.Clone();
        var initialLast = p1[n - 1];
        var g = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var one = new Adam(n, 1e-2f) { WeightDecay = 0.1f };
        var two = new Adam(n, 1e-2f) { WeightDecay = 0.1f };
        var previous = NnThreading.SetScoped(1);
        try
        {
            for (var step = 0; step < 3; step++)
            {
                NnThreading.SetScoped(1);
                one.Step(p1, g);
                NnThreading.SetScoped(2);
                two.Step(p2, g);
            }
        }
        finally
        {
            NnThreading.RestoreScoped(previous);
        }

        Assert.Equal(p1, p2);
        Assert.Equal(one.SecondMoments.ToArray(), two.SecondMoments.ToArray());
        Assert.NotEqual(initialLast, p1[n - 1]); // the scalar tail was updated too
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Adam_step_on_two_gradient_arrays_equals_adding_them_first(int threads)
    {
        var n = (Adam.ParallelThreshold * 2) + 13;
        var rng = new Random(10);
        var p1 = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var p2 = (float[])p1.Clone();
        var g = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var addend = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var added = g.Zip(addend, (x, y) => x + y).ToArray();
        var first = new Adam(n, 1e-2f) { WeightDecay = 0.1f, WeightDecayMode = WeightDecayMode.L2 };
        var fused = new Adam(n, 1e-2f) { WeightDecay = 0.1f, WeightDecayMode = WeightDecayMode.L2 };
        var previous = NnThreading.SetScoped(threads);
        try
        {
            for (var step = 0; step < 2; step++)
            {
                var sums = (float[])g.Clone();
                first.Step(p1, added);
                fused.Step(p2, sums, addend);
                Assert.Equal(added, sums); // the sum is written back
            }

            Assert.Throws<ArgumentException>(() => fused.Step(p2, (float[])g.Clone(), addend.AsSpan(1)));
        }
        finally
        {
            NnThreading.RestoreScoped(previous);
        }

        Assert.Equal(p1, p2);
        Assert.Equal(first.FirstMoments.ToArray(), fused.FirstMoments.ToArray());
        Assert.Equal(first.SecondMoments.ToArray(), fused.SecondMoments.ToArray());
        Assert.NotEqual(g[n - 1] + addend[n - 1], g[n - 1]);
    }
}
