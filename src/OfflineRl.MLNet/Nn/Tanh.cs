using System.Numerics.Tensors;

namespace OfflineRl.MLNet.Nn;

/// <summary>Hyperbolic tangent <c>y = tanh(x)</c> with its backward pass <c>dx = dy·(1 − y²)</c>.</summary>
internal static class Tanh
{
    /// <summary><c>output[i] = tanh(input[i])</c>; the spans may be the same.</summary>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output) => TensorPrimitives.Tanh(input, output);

    /// <summary><c>inputGradient = outputGradient·(1 − output²)</c>; <paramref name="inputGradient"/> may alias <paramref name="outputGradient"/>.</summary>
    public static void Backward(ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        var n = output.Length;
        if (outputGradient.Length < n || inputGradient.Length < n)
        {
            throw new ArgumentException("Gradient spans are shorter than the output.");
        }

        for (var i = 0; i < n; i++)
        {
            var y = output[i];
            inputGradient[i] = outputGradient[i] * (1f - (y * y));
        }
    }
}
