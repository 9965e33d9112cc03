using System.Numerics;

namespace OfflineRl.MLNet.Nn;

/// <summary>
/// Adam (Kingma and Ba, 2015) over one contiguous parameter span, one vectorised sweep per step, with PyTorch's
/// arithmetic: <c>m ← β₁m + (1−β₁)g</c>, <c>v ← β₂v + (1−β₂)g²</c>,
/// <c>θ ← θ − (lr/(1−β₁ᵗ))·m/(√v/√(1−β₂ᵗ) + ε)</c>. Optional weight decay is decoupled (AdamW) by default or an
/// L2 penalty (see <see cref="WeightDecayMode"/>).
/// </summary>
internal sealed class Adam
{
    private readonly float[] _m;
    private readonly float[] _v;

    /// <summary>Creates the optimiser state for <paramref name="parameterCount"/> parameters.</summary>
    public Adam(int parameterCount, float learningRate = 3e-4f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parameterCount, 0);
        if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f) || !(epsilon > 0f) || !(learningRate >= 0f))
        {
            throw new ArgumentException($"Invalid Adam settings: lr {learningRate}, beta1 {beta1}, beta2 {beta2}, epsilon {epsilon}.");
        }

        _m = new float[parameterCount];
        _v = new float[parameterCount];
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>Learning rate of the next step (a schedule sets it before each step).</summary>
    public float LearningRate { get; set; }

    /// <summary>First-moment decay β₁.</summary>
    public float Beta1 { get; }

    /// <summary>Second-moment decay β₂.</summary>
    public float Beta2 { get; }

    /// <summary>ε added to the denominator.</summary>
    public float Epsilon { get; }

    /// <summary>Weight decay λ (default 0).</summary>
    public float WeightDecay { get; set; }

    /// <summary>How <see cref="WeightDecay"/> is applied (default decoupled).</summary>
    public WeightDecayMode WeightDecayMode { get; set; } = WeightDecayMode.Decoupled;

    /// <summary>Steps taken so far (t in the bias corrections); settable to resume from a checkpoint.</summary>
    public long StepCount { get; set; }

    /// <summary>Parameter counts from which a step is split across two threads (when the thread count allows).</summary>
    internal const int ParallelThreshold = 16_384;

    /// <summary>Number of parameters.</summary>
    public int ParameterCount => _m.Length;

    /// <summary>First moments (for checkpoints).</summary>
    public Span<float> FirstMoments => _m;

    /// <summary>Second moments (for checkpoints).</summary>
    public Span<float> SecondMoments => _v;

    /// <summary>Clears the moments and the step count.</summary>
    public void Reset()
    {
        Array.Clear(_m);
        Array.Clear(_v);
        StepCount = 0;
    }

    /// <summary>Takes one step: updates <paramref name="parameters"/> in place from <paramref name="gradients"/>.</summary>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        Check(parameters.Length, gradients.Length);
        unsafe
        {
            fixed (float* pg = gradients)
            {
                Step(parameters, pg, null);
            }
        }
    }

    /// <summary>
    /// Takes one step on the gradient <paramref name="gradients"/> + <paramref name="addend"/> (for instance the two
    /// halves of a row-split backward pass), writing that sum into <paramref name="gradients"/> as it goes: the same bits
    /// as adding first and then <see cref="Step(Span{float}, ReadOnlySpan{float})"/>, in one sweep over memory.
    /// </summary>
    public void Step(Span<float> parameters, Span<float> gradients, ReadOnlySpan<float> addend)
    {
        Check(parameters.Length, gradients.Length);
        if (addend.Length != gradients.Length)
        {
            throw new ArgumentException($"The gradient addend has {addend.Length} values; Adam holds {gradients.Length} parameters.", nameof(addend));
        }

        unsafe
        {
            fixed (float* pg = gradients)
            fixed (float* pa = addend)
            {
                Step(parameters, pg, pa);
            }
        }
    }

    private void Check(int parameters, int gradients)
    {
        var n = _m.Length;
        if (parameters != n || gradients != n)
        {
            throw new ArgumentException($"Adam holds {n} parameters; got {parameters} parameters and {gradients} gradients.");
        }
    }

    /// <summary>The step, with <paramref name="addend"/> null or summed into <paramref name="gradients"/> first.</summary>
    private unsafe void Step(Span<float> parameters, float* gradients, float* addend)
    {
        var n = _m.Length;
        StepCount++;
        var bc1 = 1.0 - Math.Pow(Beta1, StepCount);
        var bc2 = 1.0 - Math.Pow(Beta2, StepCount);
        var c = new Coefficients
        {
            B1 = Beta1,
            B2 = Beta2,
            C1 = 1f - Beta1,
            C2 = 1f - Beta2,
            Eps = Epsilon,
            StepSize = (float)(LearningRate / bc1),
            InvSqrtBc2 = (float)(1.0 / Math.Sqrt(bc2)),
            L2 = WeightDecayMode == WeightDecayMode.L2 ? WeightDecay : 0f,
            Shrink = WeightDecayMode == WeightDecayMode.Decoupled ? 1f - (LearningRate * WeightDecay) : 1f,
        };

        // Every element's update is independent: two halves (split at a multiple of 64) on two threads give the
        // same bits as one sweep.
        var parts = n < ParallelThreshold || NnThreading.ThreadCount < 2 ? 1 : 2;
        fixed (float* pp = parameters)
        fixed (float* pm = _m)
        fixed (float* pv = _v)
        {
            var job = new Job { P = pp, G = gradients, A = addend, M = pm, V = pv, Count = n, Split = parts == 1 ? n : n / 2 / 64 * 64, C = c };
            ParallelWorkers.Run(parts, &RunPart, &job);
        }
    }

    private static unsafe void RunPart(int part, void* state)
    {
        var job = (Job*)state;
        var from = part == 0 ? 0 : job->Split;
        var count = part == 0 ? job->Split : job->Count - job->Split;
        Update(
            new Span<float>(job->P + from, count),
            new Span<float>(job->G + from, count),
            job->A == null ? default : new ReadOnlySpan<float>(job->A + from, count),
            new Span<float>(job->M + from, count),
            new Span<float>(job->V + from, count),
            job->C);
    }

    /// <summary>The update of one range; a non-empty <paramref name="addend"/> is first added into <paramref name="gradients"/>.</summary>
    private static void Update(Span<float> parameters, Span<float> gradients, ReadOnlySpan<float> addend, Span<float> m, Span<float> v, in Coefficients c)
    {
        var n = parameters.Length;
        var sum = !addend.IsEmpty;
        float b1 = c.B1, b2 = c.B2, c1 = c.C1, c2 = c.C2, eps = c.Eps, stepSize = c.StepSize, invSqrtBc2 = c.InvSqrtBc2;
        float l2 = c.L2, shrink = c.Shrink;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            var vb1 = new Vector<float>(b1);
            var vb2 = new Vector<float>(b2);
            var vc1 = new Vector<float>(c1);
            var vc2 = new Vector<float>(c2);
            var veps = new Vector<float>(eps);
            var vstep = new Vector<float>(stepSize);
            var vinv = new Vector<float>(invSqrtBc2);
            var vl2 = new Vector<float>(l2);
            var vshrink = new Vector<float>(shrink);
            for (; i <= n - w; i += w)
            {
                var p = new Vector<float>(parameters.Slice(i));
                var g = new Vector<float>(gradients.Slice(i));
                if (sum)
                {
                    g += new Vector<float>(addend.Slice(i));
                    g.CopyTo(gradients.Slice(i));
                }

                g += vl2 * p;
                var mi = (vb1 * new Vector<float>(m.Slice(i))) + (vc1 * g);
                var vi = (vb2 * new Vector<float>(v.Slice(i))) + (vc2 * g * g);
                mi.CopyTo(m.Slice(i));
                vi.CopyTo(v.Slice(i));
                var denom = (Vector.SquareRoot(vi) * vinv) + veps;
                ((p * vshrink) - (vstep * mi / denom)).CopyTo(parameters.Slice(i));
            }
        }

        for (; i < n; i++)
        {
            var p = parameters[i];
            var g = gradients[i];
            if (sum)
            {
                g += addend[i];
                gradients[i] = g;
            }

            g += l2 * p;
            var mi = (b1 * m[i]) + (c1 * g);
            var vi = (b2 * v[i]) + (c2 * g * g);
            m[i] = mi;
            v[i] = vi;
            var denom = (MathF.Sqrt(vi) * invSqrtBc2) + eps;
            parameters[i] = (p * shrink) - (stepSize * mi / denom);
        }
    }

    private struct Coefficients
    {
        public float B1;
        public float B2;
        public float C1;
        public float C2;
        public float Eps;
        public float StepSize;
        public float InvSqrtBc2;
        public float L2;
        public float Shrink;
    }

    private unsafe struct Job
    {
        public float* P;
        public float* G;
        public float* A;
        public float* M;
        public float* V;
        public int Count;
        public int Split;
        public Coefficients C;
    }
}
