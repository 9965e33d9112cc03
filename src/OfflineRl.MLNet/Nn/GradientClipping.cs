namespace OfflineRl.MLNet.Nn;

/// <summary>Gradient-norm clipping (as PyTorch's <c>clip_grad_norm_</c>).</summary>
internal static class GradientClipping
{
    /// <summary>
    /// Computes the L2 norm of <paramref name="gradients"/> (float64 accumulation) and, when it exceeds
    /// <paramref name="maxNorm"/>, scales them by <c>maxNorm/(norm + 1e-6)</c>. Returns the norm before clipping.
    /// </summary>
    public static float ClipByNorm(Span<float> gradients, float maxNorm)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNorm);
        double sum = 0;
        foreach (var g in gradients)
        {
            sum += (double)g * g;
        }

        var norm = Math.Sqrt(sum);
        if (norm > maxNorm)
        {
            var scale = (float)(maxNorm / (norm + 1e-6));
            System.Numerics.Tensors.TensorPrimitives.Multiply(gradients, scale, gradients);
        }

        return (float)norm;
    }
}
