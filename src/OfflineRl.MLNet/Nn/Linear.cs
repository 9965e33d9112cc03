using System.Numerics;

namespace OfflineRl.MLNet.Nn;

/// <summary>
/// A fully connected layer <c>y = x·W + b</c> over row-major batches, with explicit forward and backward passes.
/// W is stored <b>input-major</b>, <c>[InFeatures, OutFeatures]</c> (the transpose of PyTorch's
/// <c>nn.Linear.weight</c>), followed by b <c>[OutFeatures]</c>, at <see cref="Offset"/> in a parameter array
/// that may be shared with other layers; gradients live at the same offset in a gradient array and accumulate.
/// </summary>
internal sealed class Linear
{
    private readonly float[] _parameters;
    private readonly float[] _gradients;

    /// <summary>Creates a layer that owns fresh (zero) parameter and gradient arrays.</summary>
    public Linear(int inFeatures, int outFeatures)
        : this(inFeatures, outFeatures, new float[CountParameters(inFeatures, outFeatures)], new float[CountParameters(inFeatures, outFeatures)], 0)
    {
    }

    /// <summary>Creates a layer over <paramref name="parameters"/> and <paramref name="gradients"/> at <paramref name="offset"/>.</summary>
    /// <exception cref="ArgumentException">When the arrays are too short.</exception>
    public Linear(int inFeatures, int outFeatures, float[] parameters, float[] gradients, int offset)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outFeatures, 1);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var count = CountParameters(inFeatures, outFeatures);
        if (parameters.Length < offset + count || gradients.Length < offset + count)
        {
            throw new ArgumentException($"A {inFeatures}x{outFeatures} layer at offset {offset} needs arrays of at least {offset + count} values.");
        }

        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Offset = offset;
        _parameters = parameters;
        _gradients = gradients;
    }

    /// <summary>Width of the input.</summary>
    public int InFeatures { get; }

    /// <summary>Width of the output.</summary>
    public int OutFeatures { get; }

    /// <summary>Offset of W in the parameter and gradient arrays.</summary>
    public int Offset { get; }

    /// <summary>Number of parameters, <c>in·out + out</c>.</summary>
    public int ParameterCount => CountParameters(InFeatures, OutFeatures);

    /// <summary>W, <c>[InFeatures, OutFeatures]</c> row-major.</summary>
    public Span<float> Weights => _parameters.AsSpan(Offset, InFeatures * OutFeatures);

    /// <summary>b, <c>[OutFeatures]</c>.</summary>
    public Span<float> Bias => _parameters.AsSpan(Offset + (InFeatures * OutFeatures), OutFeatures);

    /// <summary>Accumulated gradient of W.</summary>
    public Span<float> WeightGradients => _gradients.AsSpan(Offset, InFeatures * OutFeatures);

    /// <summary>Accumulated gradient of b.</summary>
    public Span<float> BiasGradients => _gradients.AsSpan(Offset + (InFeatures * OutFeatures), OutFeatures);

    /// <summary>Parameters of a layer of this shape.</summary>
    public static int CountParameters(int inFeatures, int outFeatures) => checked((inFeatures * outFeatures) + outFeatures);

    /// <summary>
    /// <c>output = activation(input·W + b)</c> for <paramref name="batch"/> rows, bias and activation fused into the GEMM.
    /// </summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, GemmActivation activation = GemmActivation.None) =>
        Gemm.Multiply(
            false, false, batch, OutFeatures, InFeatures, 1f, input, InFeatures, Weights, OutFeatures, 0f, output, OutFeatures,
            Bias, activation);

    /// <summary>
    /// Accumulates <c>dW += inputᵀ·dY</c> and <c>db += Σ_rows dY</c> (with <paramref name="accumulate"/> false,
    /// overwrites them: <c>dW = inputᵀ·dY</c>, <c>db = Σ_rows dY</c>); when <paramref name="inputGradient"/> is not
    /// empty, writes <c>dX = dY·Wᵀ</c>, zeroed where <paramref name="inputReluGate"/> (if given; usually the previous
    /// ReLU's output) is ≤ 0 — the previous ReLU's backward fused into the same pass. With
    /// <paramref name="parameterGradients"/> false only dX is computed (a gradient through the layer to its input).
    /// </summary>
    public void Backward(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> outputGradient,
        int batch,
        Span<float> inputGradient,
        ReadOnlySpan<float> inputReluGate = default,
        bool accumulate = true,
        bool parameterGradients = true)
    {
        if (parameterGradients)
        {
            Gemm.Multiply(
                true, false, InFeatures, OutFeatures, batch, 1f, input, InFeatures, outputGradient, OutFeatures, accumulate ? 1f : 0f,
                WeightGradients, OutFeatures);
            SumRows(outputGradient, batch, OutFeatures, BiasGradients, accumulate);
        }

        if (!inputGradient.IsEmpty)
        {
            Gemm.Multiply(
                false, true, batch, InFeatures, OutFeatures, 1f, outputGradient, OutFeatures, Weights, OutFeatures, 0f,
                inputGradient, InFeatures, default, GemmActivation.None, inputReluGate);
        }
    }

    /// <summary>
    /// <c>sums[j] (+)= Σ_r matrix[r, j]</c>, each sum added row by row in order (the same rounding as adding one row
    /// at a time), a vector of columns kept in a register over all rows.
    /// </summary>
    private static void SumRows(ReadOnlySpan<float> matrix, int rows, int cols, Span<float> sums, bool accumulate)
    {
        var width = Vector<float>.Count;
        var j = 0;
        for (; j + width <= cols; j += width)
        {
            var acc = accumulate ? new Vector<float>(sums.Slice(j)) : Vector<float>.Zero;
            for (var r = 0; r < rows; r++)
            {
                acc += new Vector<float>(matrix.Slice((r * cols) + j));
            }

            acc.CopyTo(sums.Slice(j));
        }

        for (; j < cols; j++)
        {
            var acc = accumulate ? sums[j] : 0f;
            for (var r = 0; r < rows; r++)
            {
                acc += matrix[(r * cols) + j];
            }

            sums[j] = acc;
        }
    }

    /// <summary>PyTorch's default: W and b uniform in ±1/√in (kaiming-uniform with a = √5 for W).</summary>
    public void InitializePyTorchDefault(NnRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var bound = 1f / MathF.Sqrt(InFeatures);
        foreach (ref var w in Weights)
        {
            w = random.NextUniform(-bound, bound);
        }

        foreach (ref var b in Bias)
        {
            b = random.NextUniform(-bound, bound);
        }
    }

    /// <summary>
    /// Orthogonal W scaled by <paramref name="gain"/> (as <c>torch.nn.init.orthogonal_</c> on the
    /// <c>[out, in]</c> matrix), b set to <paramref name="biasValue"/>.
    /// </summary>
    public void InitializeOrthogonal(NnRandom random, float gain = 1f, float biasValue = 0f)
    {
        ArgumentNullException.ThrowIfNull(random);
        Initializers.Orthogonal(random, Weights, InFeatures, OutFeatures, gain);
        Bias.Fill(biasValue);
    }
}
