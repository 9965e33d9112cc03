using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Tests.Nn;

public sealed class MlpEvaluateTests
{
    [Theory]
    [InlineData(false, "None", 1)] // fused ReLU network, value head (skinny GEMM)
    [InlineData(false, "Tanh", 6)]
    [InlineData(true, "None", 3)] // LayerNorm: evaluated on a separate network over the same parameters
    public void Evaluate_gives_the_forward_bits_and_leaves_the_backward_cache_alone(bool layerNorm, string outputName, int outputs)
    {
        var output = Enum.Parse<Activation>(outputName);
        var options = new MlpOptions(23, [64, 48], outputs) { LayerNorm = layerNorm, OutputActivation = output };
        var reference = new Mlp(options, 128);
        var net = new Mlp(options, 128);
        reference.Initialize(new NnRandom(11));
        reference.Parameters.CopyTo(net.Parameters);
        var rng = new Random(12);
        float[] Draw(int n) => Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray();
        var x = Draw(100 * 23);
        var other = Draw(128 * 23);
        var dy = Draw(100 * outputs);

        var yReference = reference.Forward(x, 100).ToArray();
        reference.Backward(dy, 100);

        var y = net.Forward(x, 100).ToArray();
        var evaluated = net.Evaluate(other, 128).ToArray(); // between Forward and Backward, on other rows and another batch size
        Assert.Equal(yReference, y);
        Assert.Equal(yReference, net.Evaluate(x, 100).ToArray());
        Assert.Equal(yReference, net.Output.ToArray());
        net.Backward(dy, 100);
        Assert.Equal(reference.Gradients.ToArray(), net.Gradients.ToArray());

        var fresh = new Mlp(options, 128);
        reference.Parameters.CopyTo(fresh.Parameters);
        Assert.Equal(fresh.Forward(other, 128).ToArray(), evaluated);
    }

    [Fact]
    public void Evaluate_checks_its_input()
    {
        var net = new Mlp(new MlpOptions(4, [8], 2), 16);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Evaluate(new float[17 * 4], 17));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Evaluate(new float[4], 0));
        Assert.Throws<ArgumentException>(() => net.Evaluate(new float[7], 2));
    }
}
