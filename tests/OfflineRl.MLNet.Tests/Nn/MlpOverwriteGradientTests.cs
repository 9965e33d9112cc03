using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Tests.Nn;

public sealed class MlpOverwriteGradientTests
{
    [Theory]
    [InlineData(false, 1)] // fused ReLU network: the weight-gradient GEMMs write instead of add
    [InlineData(true, 1)] // LayerNorm: cleared, then accumulated
    [InlineData(false, 2)] // row-sharded on two threads: both halves write
    public void Backward_without_accumulate_equals_zeroing_first(bool layerNorm, int threads)
    {
        var options = new MlpOptions(9, [80, 72], 5) { LayerNorm = layerNorm };
        var a = new Mlp(options, 128);
        var b = new Mlp(options, 128);
        a.Initialize(new NnRandom(21));
        a.Parameters.CopyTo(b.Parameters);
        var rng = new Random(22);
        float[] Draw(int n) => Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray();
        var x = Draw(128 * 9);
        var dy = Draw(128 * 5);
        var previous = NnThreading.SetScoped(threads);
        try
        {
            b.Gradients.Fill(123f); // stale gradients must vanish
            a.ZeroGradients();
            a.Forward(x, 128);
            a.Backward(dy, 128);
            b.Forward(x, 128);
            b.Backward(dy, 128, accumulate: false);
            Assert.Equal(a.Gradients.ToArray(), b.Gradients.ToArray());
            Assert.Contains(b.Gradients.ToArray(), g => MathF.Abs(g) > 1e-3f);

            // And accumulating on top of that is the same as accumulating twice from zero.
            a.Backward(dy, 128);
            b.Backward(dy, 128);
            Assert.Equal(a.Gradients.ToArray(), b.Gradients.ToArray());
        }
        finally
        {
            NnThreading.RestoreScoped(previous);
        }
    }
}
