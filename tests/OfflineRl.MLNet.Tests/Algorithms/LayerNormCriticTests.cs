using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Algorithms;

/// <summary>
/// LayerNorm critics (ReBRAC's by default, IQL's Q and V with <see cref="IqlOptions.CriticLayerNorm"/>) leave the trainer
/// as value networks that compute what a float64 reference computes, and survive a save.
/// </summary>
public sealed class LayerNormCriticTests
{
    [Theory]
    [InlineData("rebrac", "q1", 2)]
    [InlineData("iql", "q2", 2)]
    [InlineData("iql", "v", 1)]
    public void The_layer_norm_critics_are_exported_evaluated_and_reloaded(string algorithm, string network, int inputSize)
    {
        var entry = AlgorithmList.Find(algorithm);
        var options = AlgorithmConformanceTests.Options(entry, steps: 50);
        if (options is IqlOptions iql)
        {
            iql.CriticLayerNorm = true;
        }

        var model = AlgorithmConformanceTests.Fit(entry, options, BanditData.Continuous());
        var q1 = Assert.Single(model.ValueNetworks, v => v.Name == network);
        Assert.True(q1.LayerNorm);
        Assert.Equal(inputSize, q1.InputSize); // the observation, and the action for Q

        float[] input = [1f, 0.5f, 1f, -0.5f, 0.3f, 0.1f];
        var rows = input.Length / inputSize;
        var values = q1.Evaluate(input, rows);
        for (var row = 0; row < rows; row++)
        {
            Assert.Equal(Reference(q1, input.AsSpan(row * inputSize, inputSize)), values[row], 1e-4);
        }

        var plain = new ValueNetwork(network, q1.InputSize, q1.HiddenSizes, q1.OutputSize, q1.Parameters[..CountWithoutNorms(q1)]);
        Assert.NotEqual(values, plain.Evaluate(input, rows)); // the norms matter, or the check above proves nothing

        var dir = Path.Combine(Path.GetTempPath(), $"offlinerl-{algorithm}-values-{Guid.NewGuid():N}");
        try
        {
            model.Save(dir);
            var reloaded = PolicyModel.Load(dir).ValueNetworks.Single(v => v.Name == network);
            Assert.True(reloaded.LayerNorm);
            Assert.Equal(q1.Parameters.ToArray(), reloaded.Parameters.ToArray());
            Assert.Equal(values, reloaded.Evaluate(input, rows));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // Linear (input-major W, then b) → LayerNorm (γ, then β; ε 1e-5) → ReLU per hidden layer, then Linear, in float64.
    private static double Reference(ValueNetwork network, ReadOnlySpan<float> input)
    {
        var p = network.Parameters;
        var at = 0;
        double[] x = [.. input.ToArray().Select(v => (double)v)];
        foreach (var h in network.HiddenSizes.Append(network.OutputSize))
        {
            var y = new double[h];
            for (var j = 0; j < h; j++)
            {
                y[j] = p[at + (x.Length * h) + j];
                for (var i = 0; i < x.Length; i++)
                {
                    y[j] += x[i] * p[at + (i * h) + j];
                }
            }

            at += (x.Length * h) + h;
            if (at == p.Length)
            {
                return y[0];
            }

            var mean = y.Average();
            var variance = y.Select(v => (v - mean) * (v - mean)).Average();
            for (var j = 0; j < h; j++)
            {
                y[j] = Math.Max(0, (((y[j] - mean) / Math.Sqrt(variance + 1e-5)) * p[at + j]) + p[at + h + j]);
            }

            at += 2 * h;
            x = y;
        }

        throw new InvalidOperationException("parameters left over");
    }

    // A plain network of the same sizes has the linear layers' parameters only; take them from the front as a wrong-shape control.
    private static int CountWithoutNorms(ValueNetwork network)
    {
        var count = 0;
        var width = network.InputSize;
        foreach (var h in network.HiddenSizes.Append(network.OutputSize))
        {
            count += (width * h) + h;
            width = h;
        }

        return count;
    }
}
