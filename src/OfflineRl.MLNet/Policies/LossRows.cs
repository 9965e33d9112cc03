namespace OfflineRl.MLNet.Policies;

/// <summary>
/// Rows [<see cref="FirstRow"/>, <see cref="FirstRow"/> + <see cref="Count"/>) of a training batch of
/// <see cref="BatchSize"/> rows, as a policy head's loss sees them: every span holds just these rows.
/// </summary>
internal readonly ref struct LossRows
{
    /// <summary>Network outputs of these rows.</summary>
    public ReadOnlySpan<float> Output { get; init; }

    /// <summary>Scaled continuous actions, or discrete indices as floats.</summary>
    public ReadOnlySpan<float> Actions { get; init; }

    /// <summary>Sample weights (empty: every weight is 1).</summary>
    public ReadOnlySpan<float> Weights { get; init; }

    /// <summary>Receives the gradient of the batch-mean loss with respect to <see cref="Output"/>.</summary>
    public Span<float> OutputGradient { get; init; }

    /// <summary>Receives (added) these rows' terms of the gradient of the head's extra parameters.</summary>
    public Span<float> ExtraGradient { get; init; }

    /// <summary>Index of the first of these rows in the batch.</summary>
    public int FirstRow { get; init; }

    /// <summary>Number of rows.</summary>
    public int Count { get; init; }

    /// <summary>Rows in the whole batch: the loss is the mean over them.</summary>
    public int BatchSize { get; init; }
}
