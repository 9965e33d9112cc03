using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Tests.Nn;

public sealed class MlpRowShardingTests
{
    [Theory]
    [InlineData("None", 64)]
    [InlineData("Tanh", 256)]
    [InlineData("None", 101)] // odd batch: halves of 50 and 51 rows
    public void Two_thread_passes_split_rows_and_match_the_whole_batch_pass(string outputName, int batch)
    {
        var output = Enum.Parse<Activation>(outputName);
        var options = new MlpOptions(17, [96, 80], 6) { OutputActivation = output };
        var whole = new Mlp(options, 256);
        var split = new Mlp(options, 256);
        whole.Initialize(new NnRandom(1));
        whole.Parameters.CopyTo(split.Parameters);
        var rng = new Random(2);
        var x = Enumerable.Range(0, batch * 17).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray();
        var dy = Enumerable.Range(0, batch * 6).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();

        var yWhole = whole.Forward(x, batch).ToArray();
        whole.Backward(dy, batch);
        var previous = NnThreading.SetScoped(1);
        float[] ySplit;
        try
        {
            NnThreading.SetScoped(2);
            for (var pass = 0; pass < 2; pass++) // the second pass checks the halves' own gradient buffer is re-zeroed
            {
                split.ZeroGradients();
                ySplit = split.Forward(x, batch).ToArray();
                split.Backward(dy, batch);
                Assert.Equal(yWhole, ySplit); // rows are independent: forward bits are identical
            }
        }
        finally
        {
            NnThreading.RestoreScoped(previous);
        }

        // Gradients sum the same terms in another order: equal to float rounding.
        var gw = whole.Gradients.ToArray();
        var gs = split.Gradients.ToArray();
        var scale = gw.Max(MathF.Abs);
        Assert.True(scale > 1e-3f);
        for (var i = 0; i < gw.Length; i++)
        {
            Assert.True(MathF.Abs(gw[i] - gs[i]) <= 1e-5f * scale, $"gradient {i}: {gw[i]} vs {gs[i]}");
        }
    }

    [Theory]
    [InlineData(1, 256)] // value head: the skinny GEMM path
    [InlineData(6, 101)]
    public void Forward_in_parts_on_two_threads_gives_the_whole_batch_bits_and_gradients(int outputs, int batch)
    {
        var options = new MlpOptions(23, [256, 256], outputs);
        var whole = new Mlp(options, 256) { RowSharding = false };
        var parts = new Mlp(options, 256) { RowSharding = false };
        whole.Initialize(new NnRandom(7));
        whole.Parameters.CopyTo(parts.Parameters);
        var rng = new Random(8);
        var x = Enumerable.Range(0, batch * 23).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray();
        var dy = Enumerable.Range(0, batch * outputs).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var yWhole = whole.Forward(x, batch).ToArray();
        whole.Backward(dy, batch);

        Assert.True(parts.SupportsForwardParts);
        var cut = batch / 3;
        ParallelWorkers.Invoke(() => parts.ForwardPart(x, batch, 0, cut), () => parts.ForwardPart(x, batch, cut, batch), 2);
        Assert.Equal(yWhole, parts.Output.ToArray());
        parts.Backward(dy, batch);
        Assert.Equal(whole.Gradients.ToArray(), parts.Gradients.ToArray());
    }

    [Theory]
    [InlineData("Tanh", 256)]
    [InlineData("None", 101)]
    public void Backward_in_parts_leaves_two_arrays_that_sum_to_the_row_split_pass(string outputName, int batch)
    {
        var output = Enum.Parse<Activation>(outputName);
        var options = new MlpOptions(17, [96, 80], 6) { OutputActivation = output };
        var split = new Mlp(options, 256);
        var parts = new Mlp(options, 256);
        split.Initialize(new NnRandom(5));
        split.Parameters.CopyTo(parts.Parameters);
        var rng = new Random(6);
        var x = Enumerable.Range(0, batch * 17).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray();
        var dy = Enumerable.Range(0, batch * 6).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var half = batch / 2;
        var previous = NnThreading.SetScoped(2);
        try
        {
            split.ZeroGradients();
            split.Forward(x, batch);
            split.Backward(dy, batch);
            parts.Gradients.Fill(float.NaN); // overwritten, not added to
            for (var pass = 0; pass < 2; pass++)
            {
                ParallelWorkers.Invoke(
                    () =>
                    {
                        parts.ForwardPart(x, batch, 0, half);
                        parts.BackwardPart(dy, batch, 0, half, intoShard: false);
                    },
                    () =>
                    {
                        parts.ForwardPart(x, batch, half, batch);
                        parts.BackwardPart(dy, batch, half, batch, intoShard: true);
                    },
                    2);
            }
        }
        finally
        {
            NnThreading.RestoreScoped(previous);
        }

        var sum = new float[parts.ParameterCount];
        System.Numerics.Tensors.TensorPrimitives.Add(parts.Gradients, parts.ShardGradients, sum);
        Assert.Equal(split.Gradients.ToArray(), sum);
        Assert.Throws<ArgumentOutOfRangeException>(() => parts.BackwardPart(dy, batch - 1, 0, half, intoShard: false));
        Assert.Throws<ArgumentException>(() => parts.BackwardPart(dy.AsSpan(1), batch, 0, half, intoShard: false));
    }

    [Fact]
    public void Forward_in_parts_rejects_bad_rows_and_networks_that_mix_rows()
    {
        var net = new Mlp(new MlpOptions(4, [8], 2), 16);
        var x = new float[16 * 4];
        Assert.Throws<ArgumentOutOfRangeException>(() => net.ForwardPart(x, 16, 8, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.ForwardPart(x, 16, 8, 17));
        Assert.Throws<ArgumentException>(() => net.ForwardPart(new float[10], 16, 0, 8));
        var normed = new Mlp(new MlpOptions(4, [8], 2) { LayerNorm = true }, 16);
        Assert.False(normed.SupportsForwardParts);
        Assert.Throws<InvalidOperationException>(() => normed.ForwardPart(x, 16, 0, 8));
    }

    [Fact]
    public void Sharding_off_or_one_thread_gives_the_whole_batch_bits()
    {
        var options = new MlpOptions(8, [64, 64], 4);
        var a = new Mlp(options, 128);
        var b = new Mlp(options, 128) { RowSharding = false };
        a.Initialize(new NnRandom(3));
        a.Parameters.CopyTo(b.Parameters);
        var x = Enumerable.Range(0, 128 * 8).Select(i => MathF.Sin(i)).ToArray();
        var dy = Enumerable.Range(0, 128 * 4).Select(i => MathF.Cos(i)).ToArray();
        a.Forward(x, 128);
        a.Backward(dy, 128); // one thread: whole batch
        var previous = NnThreading.SetScoped(1);
        try
        {
            NnThreading.SetScoped(2);
            b.Forward(x, 128);
            b.Backward(dy, 128); // sharding off: whole batch
        }
        finally
        {
            NnThreading.RestoreScoped(previous);
        }

        Assert.Equal(a.Gradients.ToArray(), b.Gradients.ToArray());
    }
}
