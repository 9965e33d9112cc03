using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Tests.Nn;

public sealed class LayerGradientTests
{
    [Fact]
    public void Linear_backward_matches_finite_differences()
    {
        var rng = new Random(1);
        const int batch = 5, inF = 7, outF = 4;
        var layer = new Linear(inF, outF);
        layer.InitializePyTorchDefault(new NnRandom(3));
        var x = GradCheck.Random(rng, batch * inF);
        var c = GradCheck.Random(rng, batch * outF);
        var y = new float[batch * outF];
        double Loss()
        {
            layer.Forward(x, y, batch);
            return GradCheck.Dot(y, c);
        }

        var dx = new float[batch * inF];
        Loss();
        layer.Backward(x, c, batch, dx);
        var parameters = new float[layer.ParameterCount];
        var grads = new float[layer.ParameterCount];
        layer.WeightGradients.CopyTo(grads);
        layer.BiasGradients.CopyTo(grads.AsSpan(inF * outF));

        GradCheck.Check(x, Loss, dx, "dX");
        // Check W and b through a parameter copy written back before each evaluation.
        layer.Weights.CopyTo(parameters);
        layer.Bias.CopyTo(parameters.AsSpan(inF * outF));
        GradCheck.Check(parameters, () =>
        {
            parameters.AsSpan(0, inF * outF).CopyTo(layer.Weights);
            parameters.AsSpan(inF * outF).CopyTo(layer.Bias);
            return Loss();
        }, grads, "dW|db");

        // Gradients accumulate.
        layer.Backward(x, c, batch, dx);
        Assert.Equal(2 * grads[0], layer.WeightGradients[0], 5);
    }

    [Fact]
    public void Relu_and_tanh_backward_match_finite_differences()
    {
        var rng = new Random(2);
        var x = GradCheck.Random(rng, 40);
        var c = GradCheck.Random(rng, 40);
        var y = new float[40];
        var dx = new float[40];

        Relu.Forward(x, y);
        Relu.Backward(y, c, dx);
        GradCheck.Check(x, () => { Relu.Forward(x, y); return GradCheck.Dot(y, c); }, dx, "relu", h: 1e-3f);
        Assert.Equal(0f, y.Min());

        Tanh.Forward(x, y);
        Tanh.Backward(y, c, dx);
        GradCheck.Check(x, () => { Tanh.Forward(x, y); return GradCheck.Dot(y, c); }, dx, "tanh", h: 1e-3f);
        Assert.Equal(MathF.Tanh(x[3]), y[3], 6);
    }

    [Fact]
    public void LayerNorm_backward_matches_finite_differences()
    {
        var rng = new Random(3);
        const int batch = 3, f = 6;
        var norm = new LayerNorm(f, batch);
        GradCheck.Random(rng, f, 0.5).CopyTo(norm.Beta);
        for (var i = 0; i < f; i++)
        {
            norm.Gamma[i] = 1f + (0.1f * i);
        }

        var x = GradCheck.Random(rng, batch * f, 2);
        var c = GradCheck.Random(rng, batch * f);
        var y = new float[batch * f];
        double Loss()
        {
            norm.Forward(x, y, batch);
            return GradCheck.Dot(y, c);
        }

        Loss();
        var mean = y.Take(f).Select((v, i) => (v - norm.Beta[i]) / norm.Gamma[i]).Average();
        Assert.Equal(0, mean, 4);
        var dx = new float[batch * f];
        norm.Backward(x, c, dx, batch);
        GradCheck.Check(x, Loss, dx, "dX", h: 1e-2f);

        var gb = new float[2 * f];
        norm.GammaGradients.CopyTo(gb);
        norm.BetaGradients.CopyTo(gb.AsSpan(f));
        var p = new float[2 * f];
        norm.Gamma.CopyTo(p);
        norm.Beta.CopyTo(p.AsSpan(f));
        GradCheck.Check(p, () =>
        {
            p.AsSpan(0, f).CopyTo(norm.Gamma);
            p.AsSpan(f).CopyTo(norm.Beta);
            return Loss();
        }, gb, "dGamma|dBeta");
    }

    [Fact]
    public void Dropout_is_seeded_scaled_and_identity_in_evaluation()
    {
        var x = Enumerable.Repeat(1f, 1000).ToArray();
        var y1 = new float[1000];
        var y2 = new float[1000];
        new Dropout(0.25f, 1000, new NnRandom(5)).Forward(x, y1, training: true);
        var d = new Dropout(0.25f, 1000, new NnRandom(5));
        d.Forward(x, y2, training: true);
        Assert.Equal(y1, y2);
        Assert.All(y1, v => Assert.True(v == 0f || Math.Abs(v - (1f / 0.75f)) < 1e-6));
        var kept = y1.Count(v => v != 0f);
        Assert.InRange(kept, 700, 800);
        var g = new float[1000];
        d.Backward(x, g);
        Assert.Equal(y2, g);
        d.Forward(x, y2, training: false);
        Assert.Equal(x, y2);
    }

    [Theory]
    [InlineData("Relu", false, "None")]
    [InlineData("Tanh", true, "Tanh")]
    [InlineData("Relu", true, "Relu")]
    public void Mlp_backward_matches_finite_differences(string hiddenName, bool layerNorm, string outputName)
    {
        var hidden = Enum.Parse<Activation>(hiddenName);
        var output = Enum.Parse<Activation>(outputName);
        var rng = new Random(4);
        const int batch = 4;
        var options = new MlpOptions(5, [8, 6], 3) { HiddenActivation = hidden, LayerNorm = layerNorm, OutputActivation = output };
        var mlp = new Mlp(options, batch);
        mlp.Initialize(new NnRandom(11));
        var x = GradCheck.Random(rng, batch * 5);
        var c = GradCheck.Random(rng, batch * 3);
        double Loss() => GradCheck.Dot(mlp.Forward(x, batch), c);

        Loss();
        mlp.ZeroGradients();
        var dx = new float[batch * 5];
        mlp.Backward(c, batch, dx);
        var grads = mlp.Gradients.ToArray();
        var parameters = mlp.Parameters.ToArray();
        GradCheck.Check(x, Loss, dx, "dX", h: 1e-3f);
        GradCheck.Check(parameters, () =>
        {
            parameters.CopyTo(mlp.Parameters);
            return Loss();
        }, grads, "dθ", h: 1e-3f);
    }

    [Fact]
    public void Mlp_same_seed_gives_identical_bytes_and_layout_is_contiguous()
    {
        var options = new MlpOptions(17, [256, 256], 6);
        var a = new Mlp(options, 8);
        var b = new Mlp(options, 8);
        a.Initialize(new NnRandom(123));
        b.Initialize(new NnRandom(123));
        Assert.True(a.Parameters.SequenceEqual(b.Parameters));
        Assert.Equal((17 * 256) + 256 + (256 * 256) + 256 + (256 * 6) + 6, a.ParameterCount);
        var bound = 1f / MathF.Sqrt(17);
        Assert.All(a.Layers[0].Weights.ToArray(), w => Assert.InRange(w, -bound, bound));
        Assert.Equal(a.Layers[1].Offset, a.Layers[0].Offset + a.Layers[0].ParameterCount);

        var c = new Mlp(options, 8);
        c.Initialize(new NnRandom(124));
        Assert.False(a.Parameters.SequenceEqual(c.Parameters));
    }

    [Fact]
    public void Orthogonal_initialisation_has_orthonormal_rows_or_columns()
    {
        foreach (var (inF, outF) in new[] { (5, 9), (9, 5), (6, 6) })
        {
            var w = new float[inF * outF];
            Initializers.Orthogonal(new NnRandom(9), w, inF, outF, gain: 2f);
            // The shorter side's vectors are orthonormal (×gain).
            var byInput = inF <= outF;
            var count = Math.Min(inF, outF);
            var len = Math.Max(inF, outF);
            for (var p = 0; p < count; p++)
            {
                for (var q = 0; q < count; q++)
                {
                    double dot = 0;
                    for (var k = 0; k < len; k++)
                    {
                        var a = byInput ? w[p * outF + k] : w[k * outF + p];
                        var b = byInput ? w[q * outF + k] : w[k * outF + q];
                        dot += a * b;
                    }

                    Assert.Equal(p == q ? 4.0 : 0.0, dot, 4);
                }
            }
        }
    }
}
