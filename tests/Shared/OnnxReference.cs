using OfflineRl.MLNet.Onnx;

namespace OfflineRl.MLNet.Tests.Onnx;

/// <summary>Float64 reference implementations of what the exported graphs compute, plus seeded test data.</summary>
internal static class OnnxReference
{
    public static float[] RandomArray(Random random, int count, double scale)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        }

        return values;
    }

    public static OnnxDenseLayer RandomLayer(Random random, int inputs, int outputs, OnnxActivation activation, OnnxWeightLayout layout = OnnxWeightLayout.OutputMajor)
    {
        double scale = 1.0 / Math.Sqrt(inputs);
        return new OnnxDenseLayer(inputs, outputs, RandomArray(random, inputs * outputs, scale), RandomArray(random, outputs, 0.1), activation, layout);
    }

    /// <summary>One row through the MLP in float64.</summary>
    public static double[] Mlp(IReadOnlyList<OnnxDenseLayer> layers, ReadOnlySpan<double> input)
    {
        double[] x = input.ToArray();
        foreach (OnnxDenseLayer layer in layers)
        {
            var y = new double[layer.OutputSize];
            for (int o = 0; o < layer.OutputSize; o++)
            {
                double sum = layer.Bias is null ? 0 : layer.Bias[o];
                for (int i = 0; i < layer.InputSize; i++)
                {
                    float w = layer.Layout == OnnxWeightLayout.OutputMajor
                        ? layer.Weights[o * layer.InputSize + i]
                        : layer.Weights[i * layer.OutputSize + o];
                    sum += w * x[i];
                }

                y[o] = layer.Activation switch
                {
                    OnnxActivation.Relu => Math.Max(0, sum),
                    OnnxActivation.Tanh => Math.Tanh(sum),
                    OnnxActivation.Sigmoid => 1 / (1 + Math.Exp(-sum)),
                    _ => sum,
                };
            }

            x = y;
        }

        return x;
    }

    public static double[] Normalize(ReadOnlySpan<float> x, float[] mean, float[] std)
    {
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = ((double)x[i] - mean[i]) / std[i];
        }

        return y;
    }

    public static double[] Unscale(double[] a, float[] low, float[] high)
    {
        var y = new double[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            y[i] = low[i] + ((a[i] + 1) / 2 * ((double)high[i] - low[i]));
        }

        return y;
    }

    public static double[] Softmax(double[] logits)
    {
        double max = logits.Max();
        double[] e = logits.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    public static int ArgMax(double[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    public static void AssertClose(double expected, float actual, double tolerance, string what)
    {
        double difference = Math.Abs(expected - actual);
        Assert.True(difference <= tolerance, $"{what}: expected {expected:R}, ONNX Runtime gave {actual:R} (|difference| {difference:E2} > {tolerance:E0}).");
    }
}
