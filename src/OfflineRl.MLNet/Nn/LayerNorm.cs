using System.Numerics.Tensors;

namespace OfflineRl.MLNet.Nn;

/// <summary>
/// Layer normalisation over the feature axis of each row, <c>y = γ·(x − μ)/√(σ² + ε) + β</c> (biased variance, as
/// PyTorch's <c>nn.LayerNorm</c>). γ then β live at <see cref="Offset"/> in a shared parameter array; the per-row mean and
/// reciprocal standard deviation are cached by <see cref="Forward"/> for <see cref="Backward"/>.
/// </summary>
internal sealed class LayerNorm
{
    private readonly float[] _parameters;
    private readonly float[] _gradients;
    private readonly float[] _mean;
    private readonly float[] _rstd;
    private readonly float[] _xhat;
    private readonly float[] _g;

    /// <summary>
    /// Creates the layer over shared arrays without touching them: another network over the same parameters (an evaluator,
    /// a probe) must not reset trained values; <see cref="Mlp.Initialize"/> sets γ = 1 and β = 0.
    /// </summary>
    public LayerNorm(int features, int maxBatch, float[] parameters, float[] gradients, int offset, float epsilon = 1e-5f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        if (parameters.Length < offset + (2 * features) || gradients.Length < offset + (2 * features))
        {
            throw new ArgumentException($"A layer norm of {features} features at offset {offset} needs arrays of at least {offset + (2 * features)} values.");
        }

        Features = features;
        MaxBatch = maxBatch;
        Offset = offset;
        Epsilon = epsilon;
        _parameters = parameters;
        _gradients = gradients;
        _mean = new float[maxBatch];
        _rstd = new float[maxBatch];
        _xhat = new float[features];
        _g = new float[features];
    }

    /// <summary>Creates a layer that owns its arrays, with γ = 1 and β = 0.</summary>
    public LayerNorm(int features, int maxBatch)
        : this(features, maxBatch, new float[2 * features], new float[2 * features], 0) => ResetParameters();

    /// <summary>Width of a row.</summary>
    public int Features { get; }

    /// <summary>Largest batch <see cref="Forward"/> accepts.</summary>
    public int MaxBatch { get; }

    /// <summary>Offset of γ in the parameter array.</summary>
    public int Offset { get; }

    /// <summary>ε added to the variance.</summary>
    public float Epsilon { get; }

    /// <summary>Scale γ.</summary>
    public Span<float> Gamma => _parameters.AsSpan(Offset, Features);

    /// <summary>Shift β.</summary>
    public Span<float> Beta => _parameters.AsSpan(Offset + Features, Features);

    /// <summary>Accumulated gradient of γ.</summary>
    public Span<float> GammaGradients => _gradients.AsSpan(Offset, Features);

    /// <summary>Accumulated gradient of β.</summary>
    public Span<float> BetaGradients => _gradients.AsSpan(Offset + Features, Features);

    /// <summary>Parameters of a layer norm of this width.</summary>
    public static int CountParameters(int features) => 2 * features;

    /// <summary>Sets γ = 1, β = 0.</summary>
    public void ResetParameters()
    {
        Gamma.Fill(1f);
        Beta.Clear();
    }

    /// <summary>Normalises <paramref name="batch"/> rows of <paramref name="input"/> into <paramref name="output"/> (which may not alias it).</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, MaxBatch);
        var f = Features;
        var gamma = Gamma;
        var beta = Beta;
        for (var r = 0; r < batch; r++)
        {
            var x = input.Slice(r * f, f);
            var y = output.Slice(r * f, f);
            var mean = TensorPrimitives.Sum(x) / f;
            TensorPrimitives.Subtract(x, mean, y); // two passes (x − μ first): no cancellation in the variance
            var rstd = 1f / MathF.Sqrt((TensorPrimitives.SumOfSquares(y) / f) + Epsilon);
            _mean[r] = mean;
            _rstd[r] = rstd;
            TensorPrimitives.Multiply(y, rstd, y);
            TensorPrimitives.FusedMultiplyAdd(y, gamma, beta, y);
        }
    }

    /// <summary>
    /// Given the forward <paramref name="input"/> and dY, writes dX and accumulates dγ, dβ:
    /// <c>dX = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))</c> with <c>ĝ = dY·γ</c>. <paramref name="inputGradient"/> may alias <paramref name="outputGradient"/>.
    /// </summary>
    public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, MaxBatch);
        var f = Features;
        var gamma = Gamma;
        var dGamma = GammaGradients;
        var dBeta = BetaGradients;
        var xhat = _xhat.AsSpan();
        var g = _g.AsSpan();
        for (var r = 0; r < batch; r++)
        {
            var x = input.Slice(r * f, f);
            var dy = outputGradient.Slice(r * f, f);
            var dx = inputGradient.Slice(r * f, f);
            TensorPrimitives.Subtract(x, _mean[r], xhat);
            TensorPrimitives.Multiply(xhat, _rstd[r], xhat);
            TensorPrimitives.Multiply(dy, gamma, g);
            var meanG = TensorPrimitives.Sum(g) / f;
            var meanGx = TensorPrimitives.Dot(g, xhat) / f;
            TensorPrimitives.FusedMultiplyAdd(dy, xhat, dGamma, dGamma);
            TensorPrimitives.Add(dBeta, dy, dBeta);

            // dy is read for the last time above: dx may alias it.
            TensorPrimitives.FusedMultiplyAdd(xhat, -meanGx, g, dx);
            TensorPrimitives.Subtract(dx, meanG, dx);
            TensorPrimitives.Multiply(dx, _rstd[r], dx);
        }
    }
}
