using System.Numerics;
using System.Numerics.Tensors;

namespace OfflineRl.MLNet.Nn;

/// <summary>Rectified linear unit <c>y = max(0, x)</c> with its backward pass (NaN propagates forward).</summary>
internal static class Relu
{
    /// <summary><c>output[i] = max(0, input[i])</c>; the spans may be the same.</summary>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output) => TensorPrimitives.Max(input, 0f, output);

    /// <summary>
    /// <c>inputGradient[i] = output[i] &gt; 0 ? outputGradient[i] : 0</c>, from the forward <em>output</em>
    /// (which is positive exactly where the input was). <paramref name="inputGradient"/> may alias <paramref name="outputGradient"/>.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        var n = output.Length;
        if (outputGradient.Length < n || inputGradient.Length < n)
        {
            throw new ArgumentException("Gradient spans are shorter than the output.");
        }

        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            for (; i <= n - w; i += w)
            {
                var y = new Vector<float>(output.Slice(i));
                var g = new Vector<float>(outputGradient.Slice(i));
                Vector.ConditionalSelect(Vector.GreaterThan(y, Vector<float>.Zero), g, Vector<float>.Zero).CopyTo(inputGradient.Slice(i));
            }
        }

        for (; i < n; i++)
        {
            inputGradient[i] = output[i] > 0f ? outputGradient[i] : 0f;
        }
    }
}
