using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OfflineRl.MLNet.Nn;

/// <summary>
/// Single-precision general matrix multiply on row-major spans:
/// <c>C = alpha·op(A)·op(B) + beta·C</c>, then optionally <c>+ bias</c> (one value per column of C),
/// an activation, and a ReLU gate (<c>C[i,j] = 0</c> where <c>gate[i,j] ≤ 0</c>, the backward of a ReLU),
/// all fused into the pass that writes C.
/// </summary>
/// <remarks>
/// <para>
/// op(A) is m×k and op(B) is k×n; with <c>transposeA</c> the span <c>a</c> holds A as k×m (op(A) = Aᵀ), likewise
/// for B. Leading dimensions are the row strides of the stored matrices. As in BLAS, when <c>beta</c> is 0 the old
/// contents of C are never read (so NaN garbage in C is harmless).
/// </para>
/// <para>
/// The product is blocked (K in blocks of 256, M in blocks of 96, N in strips of 16); op(B) is packed into
/// pre-allocated, 64-byte-aligned per-thread panels, op(A) is read in place (a partial last row strip is packed), and a register-blocked micro-kernel computes 6x16
/// (AVX2+FMA) or 12x16 (AVX-512) tiles in registers. The kernel is chosen at run time; the portable kernel
/// (<see cref="System.Numerics.Vector{T}"/>) runs everywhere. Skinny products (n ≤ 8: value heads, action heads)
/// take a dedicated single-threaded path that vectorizes along K or M instead of filling 16-wide tiles with padding.
/// Work is split across <see cref="NnThreading.ThreadCount"/> threads at tile boundaries, so the result does
/// not depend on the thread count. Steady-state calls do not allocate.
/// </para>
/// </remarks>
internal static unsafe partial class Gemm
{
    /// <summary>Width of a packed B strip (columns per micro-tile).</summary>
    internal const int Nr = 16;

    /// <summary>Depth of one K block.</summary>
    internal const int Kc = 256;

    /// <summary>Rows of op(A) packed at once (a multiple of every kernel's tile height).</summary>
    internal const int Mc = 96;

    /// <summary>Columns of op(B) packed at once.</summary>
    internal const int Nc = 512;

    /// <summary>Products below this many multiply-adds run on one thread (threading would cost more than it saves).</summary>
    private const long MinParallelWork = 1L << 18;

    [ThreadStatic]
    private static float* t_packA;

    [ThreadStatic]
    private static float* t_packB;

    /// <summary>The kernel <see cref="GemmKernel.Auto"/> resolves to on this CPU.</summary>
    public static GemmKernel BestKernel { get; } =
        IsSupported(GemmKernel.Avx512) ? GemmKernel.Avx512
        : IsSupported(GemmKernel.Avx2Fma) ? GemmKernel.Avx2Fma
        : GemmKernel.Portable;

    /// <summary>
    /// While true on the calling thread, every product that thread runs adds its 2·m·n·k to <see cref="CountedFlops"/>
    /// (for reporting GFLOP/s; off in training). Per thread, so products other work runs at the same time are not
    /// counted: count steps that run on one thread.
    /// </summary>
    public static bool CountFlops { get => t_countFlops; set => t_countFlops = value; }

    /// <summary>Floating-point operations of the products this thread ran while <see cref="CountFlops"/> was on.</summary>
    public static long CountedFlops => t_countedFlops;

    [ThreadStatic]
    private static bool t_countFlops;

    [ThreadStatic]
    private static long t_countedFlops;

    /// <summary>Sets this thread's <see cref="CountedFlops"/> back to zero.</summary>
    public static void ResetCountedFlops() => t_countedFlops = 0;

    /// <summary>True when <paramref name="kernel"/> can run on this CPU.</summary>
    public static bool IsSupported(GemmKernel kernel) => kernel switch
    {
        GemmKernel.Auto or GemmKernel.Portable => true,
        GemmKernel.Avx2Fma => Avx2.IsSupported && Fma.IsSupported,
        GemmKernel.Avx512 => Avx512F.IsSupported && Vector512.IsHardwareAccelerated,
        _ => false,
    };

    /// <summary>
    /// Computes <c>C = alpha·op(A)·op(B) + beta·C</c>, then adds <paramref name="bias"/>, applies
    /// <paramref name="activation"/> and the <paramref name="reluGate"/>, in that order.
    /// </summary>
    /// <param name="transposeA">Use Aᵀ: <paramref name="a"/> holds a k×m matrix.</param>
    /// <param name="transposeB">Use Bᵀ: <paramref name="b"/> holds an n×k matrix.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">Inner dimension.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">Stored A (row-major).</param>
    /// <param name="lda">Row stride of stored A.</param>
    /// <param name="b">Stored B (row-major).</param>
    /// <param name="ldb">Row stride of stored B.</param>
    /// <param name="beta">Scale of the old C; 0 means C is write-only.</param>
    /// <param name="c">C (row-major, m×n).</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="bias">Empty, or n values added to every row of C.</param>
    /// <param name="activation">Activation applied after the bias.</param>
    /// <param name="reluGate">Empty, or an m×n matrix with row stride <paramref name="ldc"/>; C is zeroed where it is ≤ 0.</param>
    /// <param name="kernel">Kernel to use; <see cref="GemmKernel.Auto"/> picks <see cref="BestKernel"/>.</param>
    /// <param name="threadCount">Threads to use; 0 means <see cref="NnThreading.ThreadCount"/>.</param>
    /// <exception cref="ArgumentException">When a span is too short or a stride too small.</exception>
    /// <exception cref="PlatformNotSupportedException">When <paramref name="kernel"/> cannot run on this CPU.</exception>
    public static void Multiply(
        bool transposeA,
        bool transposeB,
        int m,
        int n,
        int k,
        float alpha,
        ReadOnlySpan<float> a,
        int lda,
        ReadOnlySpan<float> b,
        int ldb,
        float beta,
        Span<float> c,
        int ldc,
        ReadOnlySpan<float> bias = default,
        GemmActivation activation = GemmActivation.None,
        ReadOnlySpan<float> reluGate = default,
        GemmKernel kernel = GemmKernel.Auto,
        int threadCount = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(threadCount);
        if (m == 0 || n == 0)
        {
            return;
        }

        if (transposeA)
        {
            CheckMatrix(a, k, m, lda, nameof(a));
        }
        else
        {
            CheckMatrix(a, m, k, lda, nameof(a));
        }

        if (transposeB)
        {
            CheckMatrix(b, n, k, ldb, nameof(b));
        }
        else
        {
            CheckMatrix(b, k, n, ldb, nameof(b));
        }

        CheckMatrix(c, m, n, ldc, nameof(c));
        if (!bias.IsEmpty && bias.Length < n)
        {
            throw new ArgumentException($"Bias has {bias.Length} values; C has {n} columns.", nameof(bias));
        }

        if (!reluGate.IsEmpty)
        {
            CheckMatrix(reluGate, m, n, ldc, nameof(reluGate));
        }

        if (t_countFlops)
        {
            t_countedFlops += 2L * m * n * k;
        }

        if (kernel == GemmKernel.Auto)
        {
            kernel = BestKernel;
        }
        else if (!IsSupported(kernel))
        {
            throw new PlatformNotSupportedException($"GEMM kernel {kernel} is not supported on this CPU.");
        }

        if (threadCount == 0)
        {
            threadCount = NnThreading.ThreadCount;
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        fixed (float* pbias = bias)
        fixed (float* pgate = reluGate)
        {
            var job = new Job
            {
                A = pa,
                B = pb,
                C = pc,
                Bias = bias.IsEmpty ? null : pbias,
                Gate = reluGate.IsEmpty ? null : pgate,
                Lda = lda,
                Ldb = ldb,
                Ldc = ldc,
                M = m,
                N = n,
                K = k,
                TransposeA = transposeA,
                TransposeB = transposeB,
                Relu = activation == GemmActivation.Relu,
                Alpha = alpha,
                Beta = beta,
                Kernel = kernel,
                Mr = kernel == GemmKernel.Avx512 ? Avx512RowStrip(m) : 6,
            };

            if (k == 0)
            {
                FinishAll(&job, null, 0f);
                return;
            }

            if (n <= SkinnyMaxColumns && TrySkinny(&job))
            {
                return;
            }

            var mTiles = (m + job.Mr - 1) / job.Mr;
            var nTiles = (n + Nr - 1) / Nr;
            job.SplitN = nTiles >= mTiles;
            var tiles = job.SplitN ? nTiles : mTiles;
            var parts = (long)m * n * k < MinParallelWork ? 1 : Math.Min(threadCount, tiles);
            job.Parts = parts;
            ParallelWorkers.Run(parts, &RunPart, &job);
        }
    }

    private static void CheckMatrix(ReadOnlySpan<float> span, int rows, int cols, int ld, string name)
    {
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentException($"Leading dimension {ld} is smaller than the {cols} columns of {name}.", name);
        }

        if (rows > 0 && cols > 0 && span.Length < ((long)(rows - 1) * ld) + cols)
        {
            throw new ArgumentException(
                $"{name} has {span.Length} values; a {rows}x{cols} matrix with stride {ld} needs {((long)(rows - 1) * ld) + cols}.",
                name);
        }
    }

    private static void RunPart(int part, void* state)
    {
        var job = (Job*)state;
        int m0 = 0, m1 = job->M, n0 = 0, n1 = job->N;
        if (job->SplitN)
        {
            var tiles = (job->N + Nr - 1) / Nr;
            n0 = (int)((long)tiles * part / job->Parts) * Nr;
            n1 = Math.Min(job->N, (int)((long)tiles * (part + 1) / job->Parts) * Nr);
        }
        else
        {
            var tiles = (job->M + job->Mr - 1) / job->Mr;
            m0 = (int)((long)tiles * part / job->Parts) * job->Mr;
            m1 = Math.Min(job->M, (int)((long)tiles * (part + 1) / job->Parts) * job->Mr);
        }

        if (m0 < m1 && n0 < n1)
        {
            EnsureBuffers();
            Blocked(job, m0, m1, n0, n1, t_packA, t_packB);
        }
    }

    private static void EnsureBuffers()
    {
        if (t_packA == null)
        {
            t_packA = (float*)NativeMemory.AlignedAlloc((nuint)(Mc * Kc * sizeof(float)), 64);
            t_packB = (float*)NativeMemory.AlignedAlloc((nuint)(Kc * Nc * sizeof(float)), 64);
        }
    }

    private static void Blocked(Job* job, int m0, int m1, int n0, int n1, float* packA, float* packB)
    {
        var mr = job->Mr;
        var k = job->K;
        for (var jc = n0; jc < n1; jc += Nc)
        {
            var nc = Math.Min(Nc, n1 - jc);
            for (var pc = 0; pc < k; pc += Kc)
            {
                var kc = Math.Min(Kc, k - pc);
                var beta = pc == 0 ? job->Beta : 1f;
                var last = pc + kc == k;
                var relu = last && job->Relu;
                PackB(job, pc, kc, jc, nc, packB);
                for (var ic = m0; ic < m1; ic += Mc)
                {
                    var mc = Math.Min(Mc, m1 - ic);
                    var fullRows = mc - (mc % mr);

                    // Full row strips of op(A) are read in place (measured faster than packing them on this
                    // machine kind: the block stays in L1/L2); only a partial last strip is packed, zero-padded.
                    if (fullRows < mc)
                    {
                        PackA(job, ic + fullRows, mc - fullRows, pc, kc, packA + (fullRows * kc), mr);
                    }

                    for (var jr = 0; jr < nc; jr += Nr)
                    {
                        var cols = Math.Min(Nr, nc - jr);
                        var bp = packB + (jr * kc);
                        var col = jc + jr;
                        var bias = last && job->Bias != null ? job->Bias + col : null;
                        for (var ir = 0; ir < mc; ir += mr)
                        {
                            var rows = Math.Min(mr, mc - ir);
                            var row = ic + ir;
                            float* ap;
                            nint rs, cs;
                            if (ir < fullRows)
                            {
                                if (job->TransposeA)
                                {
                                    ap = job->A + ((long)pc * job->Lda) + row;
                                    rs = 1;
                                    cs = job->Lda;
                                }
                                else
                                {
                                    ap = job->A + ((long)row * job->Lda) + pc;
                                    rs = job->Lda;
                                    cs = 1;
                                }
                            }
                            else
                            {
                                ap = packA + (ir * kc);
                                rs = 1;
                                cs = mr;
                            }

                            var cp = job->C + ((long)row * job->Ldc) + col;
                            var gate = last && job->Gate != null ? job->Gate + ((long)row * job->Ldc) + col : null;
                            var epi = new Epilogue(job->Alpha, beta, bias, relu, gate);
                            switch (job->Kernel)
                            {
                                case GemmKernel.Avx512 when mr == 16:
                                    Avx512Kernel<Rows16>(kc, ap, rs, cs, bp, cp, job->Ldc, rows, cols, epi);
                                    break;
                                case GemmKernel.Avx512:
                                    Avx512Kernel<Rows12>(kc, ap, rs, cs, bp, cp, job->Ldc, rows, cols, epi);
                                    break;
                                case GemmKernel.Avx2Fma:
                                    Avx2Kernel(kc, ap, rs, cs, bp, cp, job->Ldc, rows, cols, epi);
                                    break;
                                default:
                                    PortableKernel(kc, ap, rs, cs, bp, cp, job->Ldc, rows, cols, epi);
                                    break;
                            }
                        }
                    }
                }
            }
        }
    }

    private static void PackB(Job* job, int pc, int kc, int jc, int nc, float* dest)
    {
        var ldb = job->Ldb;
        if (!job->TransposeB)
        {
            // Row by row over the full strips: each stored row of B is read once, front to back, and scattered over
            // the strips; a partial last strip is zero-padded by PackPanel.
            var full = nc - (nc % Nr);
            for (var p = 0; p < kc; p++)
            {
                var srow = job->B + ((long)(pc + p) * ldb) + jc;
                var drow = dest + (p * Nr);
                for (var s = 0; s < full; s += Nr)
                {
                    Unsafe.CopyBlockUnaligned(drow + (s * kc), srow + s, Nr * sizeof(float));
                }
            }

            if (full < nc)
            {
                PackPanel(dest + (full * kc), Nr, nc - full, job->B + ((long)pc * ldb) + jc + full, 1, ldb, kc);
            }

            return;
        }

        // op(B)[p, j] = B[j, p]: each stored row of B is one packed column.
        for (var s = 0; s < nc; s += Nr)
        {
            PackPanel(dest + (s * kc), Nr, Math.Min(Nr, nc - s), job->B + ((long)(jc + s) * ldb) + pc, ldb, 1, kc);
        }
    }

    private static void PackA(Job* job, int ic, int mc, int pc, int kc, float* dest, int mr)
    {
        var lda = job->Lda;
        for (var s = 0; s < mc; s += mr)
        {
            var rows = Math.Min(mr, mc - s);
            var d = dest + (s * kc);
            if (!job->TransposeA)
            {
                PackPanel(d, mr, rows, job->A + ((long)(ic + s) * lda) + pc, lda, 1, kc);
            }
            else
            {
                // op(A)[i, p] = A[p, i]: each stored row of A gives mr contiguous packed values.
                PackPanel(d, mr, rows, job->A + ((long)pc * lda) + ic + s, 1, lda, kc);
            }
        }
    }

    /// <summary>
    /// Packs one panel, <paramref name="width"/> lanes deep-interleaved over <paramref name="kc"/>:
    /// <c>dest[p·width + l] = src[l·laneStride + p·depthStride]</c> for the first <paramref name="count"/> lanes, 0 for
    /// the padding lanes. Contiguous lanes are copied a depth row at a time, strided lanes a lane at a time.
    /// </summary>
    private static void PackPanel(float* dest, int width, int count, float* src, long laneStride, long depthStride, int kc)
    {
        if (laneStride == 1)
        {
            for (var p = 0; p < kc; p++)
            {
                var srow = src + (p * depthStride);
                var drow = dest + (p * width);
                if (count == width)
                {
                    Unsafe.CopyBlockUnaligned(drow, srow, (uint)(width * sizeof(float)));
                    continue;
                }

                var l = 0;
                for (; l < count; l++)
                {
                    drow[l] = srow[l];
                }

                for (; l < width; l++)
                {
                    drow[l] = 0f;
                }
            }

            return;
        }

        if (width == 16 && count == 16 && depthStride == 1 && TryPackTransposed16(dest, src, laneStride, kc))
        {
            return;
        }

        for (var l = 0; l < width; l++)
        {
            var d = dest + l;
            if (l >= count)
            {
                for (var p = 0; p < kc; p++)
                {
                    d[p * width] = 0f;
                }

                continue;
            }

            var lane = src + (l * laneStride);
            for (var p = 0; p < kc; p++)
            {
                d[p * width] = lane[p * depthStride];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Avx2Kernel(int kc, float* a, nint rs, nint cs, float* b, float* c, int ldc, int rows, int cols, Epilogue epi)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        var rs2 = rs * 2;
        var a3 = a + (3 * rs);
        for (var p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadAlignedVector256(b);
            var b1 = Avx.LoadAlignedVector256(b + 8);
            var av = Avx.BroadcastScalarToVector256(a);
            c00 = Fma.MultiplyAdd(av, b0, c00);
            c01 = Fma.MultiplyAdd(av, b1, c01);
            av = Avx.BroadcastScalarToVector256(a + rs);
            c10 = Fma.MultiplyAdd(av, b0, c10);
            c11 = Fma.MultiplyAdd(av, b1, c11);
            av = Avx.BroadcastScalarToVector256(a + rs2);
            c20 = Fma.MultiplyAdd(av, b0, c20);
            c21 = Fma.MultiplyAdd(av, b1, c21);
            av = Avx.BroadcastScalarToVector256(a3);
            c30 = Fma.MultiplyAdd(av, b0, c30);
            c31 = Fma.MultiplyAdd(av, b1, c31);
            av = Avx.BroadcastScalarToVector256(a3 + rs);
            c40 = Fma.MultiplyAdd(av, b0, c40);
            c41 = Fma.MultiplyAdd(av, b1, c41);
            av = Avx.BroadcastScalarToVector256(a3 + rs2);
            c50 = Fma.MultiplyAdd(av, b0, c50);
            c51 = Fma.MultiplyAdd(av, b1, c51);
            a += cs;
            a3 += cs;
            b += 16;
        }

        if (rows == 6 && cols == 16)
        {
            StoreRow256(c, 0, c00, c01, epi);
            StoreRow256(c + ldc, ldc, c10, c11, epi);
            StoreRow256(c + (2 * ldc), 2 * ldc, c20, c21, epi);
            StoreRow256(c + (3 * ldc), 3 * ldc, c30, c31, epi);
            StoreRow256(c + (4 * ldc), 4 * ldc, c40, c41, epi);
            StoreRow256(c + (5 * ldc), 5 * ldc, c50, c51, epi);
            return;
        }

        var tile = stackalloc float[6 * 16];
        c00.Store(tile);
        c01.Store(tile + 8);
        c10.Store(tile + 16);
        c11.Store(tile + 24);
        c20.Store(tile + 32);
        c21.Store(tile + 40);
        c30.Store(tile + 48);
        c31.Store(tile + 56);
        c40.Store(tile + 64);
        c41.Store(tile + 72);
        c50.Store(tile + 80);
        c51.Store(tile + 88);
        ScalarEpilogue(tile, c, ldc, rows, cols, epi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow256(float* c, int gateOffset, Vector256<float> lo, Vector256<float> hi, Epilogue epi)
    {
        var alpha = Vector256.Create(epi.Alpha);
        lo = Avx.Multiply(lo, alpha);
        hi = Avx.Multiply(hi, alpha);
        if (epi.Beta != 0f)
        {
            var beta = Vector256.Create(epi.Beta);
            lo = Avx.Add(lo, Avx.Multiply(Avx.LoadVector256(c), beta));
            hi = Avx.Add(hi, Avx.Multiply(Avx.LoadVector256(c + 8), beta));
        }

        if (epi.Bias != null)
        {
            lo = Avx.Add(lo, Avx.LoadVector256(epi.Bias));
            hi = Avx.Add(hi, Avx.LoadVector256(epi.Bias + 8));
        }

        if (epi.Relu)
        {
            // vmaxps returns its second operand when either is NaN: NaN propagates, as in the scalar path.
            lo = Avx.Max(Vector256<float>.Zero, lo);
            hi = Avx.Max(Vector256<float>.Zero, hi);
        }

        if (epi.Gate != null)
        {
            var g = epi.Gate + gateOffset;
            lo = Avx.And(lo, Avx.CompareGreaterThan(Avx.LoadVector256(g), Vector256<float>.Zero));
            hi = Avx.And(hi, Avx.CompareGreaterThan(Avx.LoadVector256(g + 8), Vector256<float>.Zero));
        }

        Avx.Store(c, lo);
        Avx.Store(c + 8, hi);
    }

    /// <summary>
    /// The AVX-512 row strip for an m-row product: 16 rows (16 accumulators, one B load per 16 FMAs) unless that leaves more
    /// padded rows in the last strip than 12 would — a batch of 256 fills 16 strips of 16 exactly, where strips of 12 leave
    /// the last one two thirds empty. Every output element is the same sequence of FMAs either way.
    /// </summary>
    internal static int Avx512RowStrip(int m) => Padding(m, 16) <= Padding(m, 12) ? 16 : 12;

    private static int Padding(int m, int strip) => ((m + strip - 1) / strip * strip) - m;

    /// <summary>An AVX-512 row strip's height, a constant of each instantiation of <see cref="Avx512Kernel{TStrip}"/>.</summary>
    private interface IRowStrip
    {
        static abstract int Rows { get; }
    }

    private readonly struct Rows12 : IRowStrip
    {
        public static int Rows => 12;
    }

    private readonly struct Rows16 : IRowStrip
    {
        public static int Rows => 16;
    }

    /// <summary>
    /// One strip of 12 or 16 rows × 16 columns: a broadcast of each row's A value times one load of B per k, into one
    /// accumulator per row. <typeparamref name="TStrip"/> is a struct, so each height is compiled on its own with the other
    /// height's branches removed and its accumulators in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static void Avx512Kernel<TStrip>(int kc, float* a, nint rs, nint cs, float* b, float* c, int ldc, int rows, int cols, Epilogue epi)
        where TStrip : struct, IRowStrip
    {
        var wide = TStrip.Rows == 16;
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        Vector512<float> c8 = default, c9 = default, c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        var rs2 = rs * 2;
        var a3 = a + (3 * rs);
        var a6 = a + (6 * rs);
        var a9 = a + (9 * rs);
        var a12 = a + (12 * rs);
        // The C tile (and gate) lines are fetched while the tile is being computed, so the epilogue does not wait on them.
        for (var r = 0; r < rows; r++)
        {
            Sse.Prefetch0(c + (r * ldc));
            if (epi.Gate != null)
            {
                Sse.Prefetch0(epi.Gate + (r * ldc));
            }
        }

        for (var p = 0; p < kc; p++)
        {
            var bv = Avx512F.LoadAlignedVector512(b);
            c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(*a), bv, c0);
            c1 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[rs]), bv, c1);
            c2 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[rs2]), bv, c2);
            c3 = Avx512F.FusedMultiplyAdd(Vector512.Create(*a3), bv, c3);
            c4 = Avx512F.FusedMultiplyAdd(Vector512.Create(a3[rs]), bv, c4);
            c5 = Avx512F.FusedMultiplyAdd(Vector512.Create(a3[rs2]), bv, c5);
            c6 = Avx512F.FusedMultiplyAdd(Vector512.Create(*a6), bv, c6);
            c7 = Avx512F.FusedMultiplyAdd(Vector512.Create(a6[rs]), bv, c7);
            c8 = Avx512F.FusedMultiplyAdd(Vector512.Create(a6[rs2]), bv, c8);
            c9 = Avx512F.FusedMultiplyAdd(Vector512.Create(*a9), bv, c9);
            c10 = Avx512F.FusedMultiplyAdd(Vector512.Create(a9[rs]), bv, c10);
            c11 = Avx512F.FusedMultiplyAdd(Vector512.Create(a9[rs2]), bv, c11);
            if (wide)
            {
                c12 = Avx512F.FusedMultiplyAdd(Vector512.Create(*a12), bv, c12);
                c13 = Avx512F.FusedMultiplyAdd(Vector512.Create(a12[rs]), bv, c13);
                c14 = Avx512F.FusedMultiplyAdd(Vector512.Create(a12[rs2]), bv, c14);
                c15 = Avx512F.FusedMultiplyAdd(Vector512.Create(a12[rs2 + rs]), bv, c15);
                a12 += cs;
            }

            a += cs;
            a3 += cs;
            a6 += cs;
            a9 += cs;
            b += 16;
        }

        if (rows == TStrip.Rows && cols == 16)
        {
            StoreRow512(c, 0, c0, epi);
            StoreRow512(c + ldc, ldc, c1, epi);
            StoreRow512(c + (2 * ldc), 2 * ldc, c2, epi);
            StoreRow512(c + (3 * ldc), 3 * ldc, c3, epi);
            StoreRow512(c + (4 * ldc), 4 * ldc, c4, epi);
            StoreRow512(c + (5 * ldc), 5 * ldc, c5, epi);
            StoreRow512(c + (6 * ldc), 6 * ldc, c6, epi);
            StoreRow512(c + (7 * ldc), 7 * ldc, c7, epi);
            StoreRow512(c + (8 * ldc), 8 * ldc, c8, epi);
            StoreRow512(c + (9 * ldc), 9 * ldc, c9, epi);
            StoreRow512(c + (10 * ldc), 10 * ldc, c10, epi);
            StoreRow512(c + (11 * ldc), 11 * ldc, c11, epi);
            if (wide)
            {
                StoreRow512(c + (12 * ldc), 12 * ldc, c12, epi);
                StoreRow512(c + (13 * ldc), 13 * ldc, c13, epi);
                StoreRow512(c + (14 * ldc), 14 * ldc, c14, epi);
                StoreRow512(c + (15 * ldc), 15 * ldc, c15, epi);
            }

            return;
        }

        // A partial tile: spilled, then stored row by row (vector epilogue for full-width rows, else scalar).
        var tile = stackalloc float[16 * 16];
        c0.Store(tile);
        c1.Store(tile + 16);
        c2.Store(tile + 32);
        c3.Store(tile + 48);
        c4.Store(tile + 64);
        c5.Store(tile + 80);
        c6.Store(tile + 96);
        c7.Store(tile + 112);
        c8.Store(tile + 128);
        c9.Store(tile + 144);
        c10.Store(tile + 160);
        c11.Store(tile + 176);
        if (wide)
        {
            c12.Store(tile + 192);
            c13.Store(tile + 208);
            c14.Store(tile + 224);
            c15.Store(tile + 240);
        }

        if (cols == 16)
        {
            for (var r = 0; r < rows; r++)
            {
                StoreRow512(c + (r * ldc), r * ldc, Vector512.Load(tile + (r * 16)), epi);
            }

            return;
        }

        ScalarEpilogue(tile, c, ldc, rows, cols, epi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow512(float* c, int gateOffset, Vector512<float> v, Epilogue epi)
    {
        v = Avx512F.Multiply(v, Vector512.Create(epi.Alpha));
        if (epi.Beta != 0f)
        {
            v = Avx512F.Add(v, Avx512F.Multiply(Avx512F.LoadVector512(c), Vector512.Create(epi.Beta)));
        }

        if (epi.Bias != null)
        {
            v = Avx512F.Add(v, Avx512F.LoadVector512(epi.Bias));
        }

        if (epi.Relu)
        {
            v = Avx512F.Max(Vector512<float>.Zero, v);
        }

        if (epi.Gate != null)
        {
            var keep = Vector512.GreaterThan(Avx512F.LoadVector512(epi.Gate + gateOffset), Vector512<float>.Zero);
            v = Vector512.BitwiseAnd(v, keep);
        }

        Avx512F.Store(c, v);
    }

    private static void PortableKernel(int kc, float* a, nint rs, nint cs, float* b, float* c, int ldc, int rows, int cols, Epilogue epi)
    {
        var tile = stackalloc float[6 * 16];
        var w = System.Numerics.Vector<float>.Count;
        if (w <= 16 && 16 % w == 0)
        {
            new Span<float>(tile, 6 * 16).Clear();
            for (var p = 0; p < kc; p++)
            {
                for (var r = 0; r < 6; r++)
                {
                    var av = new System.Numerics.Vector<float>(a[r * rs]);
                    var acc = tile + (r * 16);
                    for (var j = 0; j < 16; j += w)
                    {
                        var bv = Unsafe.ReadUnaligned<System.Numerics.Vector<float>>(b + j);
                        var cv = Unsafe.ReadUnaligned<System.Numerics.Vector<float>>(acc + j);
                        Unsafe.WriteUnaligned(acc + j, cv + (av * bv));
                    }
                }

                a += cs;
                b += 16;
            }
        }
        else
        {
            for (var i = 0; i < 6 * 16; i++)
            {
                tile[i] = 0f;
            }

            for (var p = 0; p < kc; p++)
            {
                for (var r = 0; r < 6; r++)
                {
                    for (var j = 0; j < 16; j++)
                    {
                        tile[(r * 16) + j] += a[r * rs] * b[j];
                    }
                }

                a += cs;
                b += 16;
            }
        }

        ScalarEpilogue(tile, c, ldc, rows, cols, epi);
    }

    private static void ScalarEpilogue(float* tile, float* c, int ldc, int rows, int cols, Epilogue epi)
    {
        for (var r = 0; r < rows; r++)
        {
            var crow = c + ((long)r * ldc);
            var trow = tile + (r * 16);
            var grow = epi.Gate == null ? null : epi.Gate + ((long)r * ldc);
            for (var j = 0; j < cols; j++)
            {
                crow[j] = Finish(trow[j], crow, j, grow, epi);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Finish(float acc, float* crow, int j, float* grow, Epilogue epi)
    {
        var v = acc * epi.Alpha;
        if (epi.Beta != 0f)
        {
            v += crow[j] * epi.Beta;
        }

        if (epi.Bias != null)
        {
            v += epi.Bias[j];
        }

        if (epi.Relu && v < 0f)
        {
            v = 0f;
        }

        if (grow != null && !(grow[j] > 0f))
        {
            v = 0f;
        }

        return v;
    }

    /// <summary>
    /// Writes every element of C through the epilogue with <paramref name="alpha"/>: the accumulated product is
    /// <c>values[i·n + j]</c>, or 0 when <paramref name="values"/> is null (k = 0: only beta·C, bias and activation).
    /// </summary>
    private static void FinishAll(Job* job, float* values, float alpha)
    {
        var n = job->N;
        var epi = new Epilogue(alpha, job->Beta, job->Bias, job->Relu, job->Gate);
        for (var i = 0; i < job->M; i++)
        {
            var crow = job->C + ((long)i * job->Ldc);
            var grow = job->Gate == null ? null : job->Gate + ((long)i * job->Ldc);
            var vrow = values == null ? null : values + ((long)i * n);
            for (var j = 0; j < n; j++)
            {
                crow[j] = Finish(vrow == null ? 0f : vrow[j], crow, j, grow, epi);
            }
        }
    }

    private readonly struct Epilogue(float alpha, float beta, float* bias, bool relu, float* gate)
    {
        public readonly float Alpha = alpha;
        public readonly float Beta = beta;
        public readonly float* Bias = bias;
        public readonly bool Relu = relu;
        public readonly float* Gate = gate;
    }

    private struct Job
    {
        public float* A;
        public float* B;
        public float* C;
        public float* Bias;
        public float* Gate;
        public int Lda;
        public int Ldb;
        public int Ldc;
        public int M;
        public int N;
        public int K;
        public bool TransposeA;
        public bool TransposeB;
        public bool Relu;
        public float Alpha;
        public float Beta;
        public GemmKernel Kernel;
        public int Mr;
        public int Parts;
        public bool SplitN;
    }
}
