namespace OfflineRl.MLNet.Nn;

/// <summary>
/// Mean squared error over a batch of rows: <c>L = (1/(B·D))·Σ_b w_b·Σ_d (p_bd − t_bd)²</c>, with per-sample weights
/// w (all 1 when omitted, giving PyTorch's <c>mse_loss</c>). Accumulated in float64.
/// </summary>
internal static class MseLoss
{
    /// <summary>
    /// Returns the loss and writes <c>∂L/∂p = scale·2·w_b·(p − t)/(B·D)</c> into <paramref name="predictionGradient"/>
    /// (skipped when empty). <paramref name="scale"/> multiplies the gradient only (e.g. ½ to average two losses).
    /// </summary>
    public static float Compute(
        ReadOnlySpan<float> prediction,
        ReadOnlySpan<float> target,
        int batch,
        int dimension,
        Span<float> predictionGradient,
        ReadOnlySpan<float> weights = default,
        float scale = 1f)
    {
        var n = batch * dimension;
        if (prediction.Length < n || target.Length < n || (!predictionGradient.IsEmpty && predictionGradient.Length < n) ||
            (!weights.IsEmpty && weights.Length < batch))
        {
            throw new ArgumentException($"Spans are too short for a batch of {batch} × {dimension}.");
        }

        double sum = 0;
        var inv = 1.0 / n;
        var g = (float)(2.0 * inv * scale);
        for (var b = 0; b < batch; b++)
        {
            var w = weights.IsEmpty ? 1f : weights[b];
            double row = 0;
            for (var d = 0; d < dimension; d++)
            {
                var i = (b * dimension) + d;
                var diff = prediction[i] - target[i];
                row += (double)diff * diff;
                if (!predictionGradient.IsEmpty)
                {
                    predictionGradient[i] = g * w * diff;
                }
            }

            sum += w * row;
        }

        return (float)(sum * inv);
    }
}
