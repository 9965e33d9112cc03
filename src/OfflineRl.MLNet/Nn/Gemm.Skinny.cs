using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OfflineRl.MLNet.Nn;

/// <summary>
/// The skinny path of <see cref="Gemm"/>: products whose C has at most <see cref="SkinnyMaxColumns"/> columns
/// (a value head's 1 output, a policy's few action outputs). A 16-wide tile would be mostly padding, so these
/// vectorize along K (op(A) rows are contiguous: dot products against op(B)'s packed columns) or along M
/// (op(A) = Aᵀ: columns of op(A) are contiguous, accumulated as broadcast-multiply-adds). Single-threaded: the
/// work is too small to split, and the result never depends on the thread count.
/// </summary>
internal static unsafe partial class Gemm
{
    /// <summary>Products with at most this many columns take the skinny path.</summary>
    internal const int SkinnyMaxColumns = 8;

    private static bool TrySkinny(Job* job)
    {
        int m = job->M, n = job->N, k = job->K;
        if ((long)n * k > Kc * Nc || (long)m * n > Mc * Kc)
        {
            return false;
        }

        EnsureBuffers();
        var bt = t_packB; // n rows of k values: bt[j·k + p] = op(B)[p, j]
        var products = t_packA; // m×n raw products, before the epilogue
        var ldb = job->Ldb;
        for (var j = 0; j < n; j++)
        {
            var row = bt + ((long)j * k);
            for (var p = 0; p < k; p++)
            {
                row[p] = job->TransposeB ? job->B[((long)j * ldb) + p] : job->B[((long)p * ldb) + j];
            }
        }

        // The AVX-512 choice runs on 16-wide vectors, every other kernel on the portable Vector<T> width.
        var wide = job->Kernel == GemmKernel.Avx512;
        if (!job->TransposeA)
        {
            if (wide)
            {
                DotRows<Lanes512, Vector512<float>>(job->A, job->Lda, m, n, k, bt, products);
            }
            else
            {
                DotRows<LanesPortable, Vector<float>>(job->A, job->Lda, m, n, k, bt, products);
            }
        }
        else if (wide)
        {
            AxpyColumns<Lanes512, Vector512<float>>(job->A, job->Lda, m, n, k, bt, products);
        }
        else
        {
            AxpyColumns<LanesPortable, Vector<float>>(job->A, job->Lda, m, n, k, bt, products);
        }

        FinishAll(job, products, job->Alpha);
        return true;
    }

    /// <summary>
    /// products[i, j] = Σₚ A[i, p]·bt[j, p]: four rows of A × two columns of op(B) per pass, eight independent
    /// accumulator chains so the multiply-add latency is hidden; leftover rows one at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotRows<TLanes, TVector>(float* a, int lda, int m, int n, int k, float* bt, float* products)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        var w = TLanes.Count;
        var full = k - (k % w);
        var rowBlocks = m - (m % 4);
        for (var i = 0; i < rowBlocks; i += 4)
        {
            var a0 = a + ((long)i * lda);
            var a1 = a0 + lda;
            var a2 = a1 + lda;
            var a3 = a2 + lda;
            for (var j = 0; j < n; j += 2)
            {
                var j1 = Math.Min(j + 1, n - 1); // an odd last column is computed twice and written once
                var b0 = bt + ((long)j * k);
                var b1 = bt + ((long)j1 * k);
                TVector s00 = default, s01 = default, s10 = default, s11 = default;
                TVector s20 = default, s21 = default, s30 = default, s31 = default;
                for (var p = 0; p < full; p += w)
                {
                    var v0 = TLanes.Load(b0 + p);
                    var v1 = TLanes.Load(b1 + p);
                    var x = TLanes.Load(a0 + p);
                    s00 = TLanes.MultiplyAdd(x, v0, s00);
                    s01 = TLanes.MultiplyAdd(x, v1, s01);
                    x = TLanes.Load(a1 + p);
                    s10 = TLanes.MultiplyAdd(x, v0, s10);
                    s11 = TLanes.MultiplyAdd(x, v1, s11);
                    x = TLanes.Load(a2 + p);
                    s20 = TLanes.MultiplyAdd(x, v0, s20);
                    s21 = TLanes.MultiplyAdd(x, v1, s21);
                    x = TLanes.Load(a3 + p);
                    s30 = TLanes.MultiplyAdd(x, v0, s30);
                    s31 = TLanes.MultiplyAdd(x, v1, s31);
                }

                var o = products + ((long)i * n);
                o[j] = TLanes.Sum(s00) + DotTail(a0, b0, full, k);
                o[j1] = TLanes.Sum(s01) + DotTail(a0, b1, full, k);
                o[n + j] = TLanes.Sum(s10) + DotTail(a1, b0, full, k);
                o[n + j1] = TLanes.Sum(s11) + DotTail(a1, b1, full, k);
                o[(2 * n) + j] = TLanes.Sum(s20) + DotTail(a2, b0, full, k);
                o[(2 * n) + j1] = TLanes.Sum(s21) + DotTail(a2, b1, full, k);
                o[(3 * n) + j] = TLanes.Sum(s30) + DotTail(a3, b0, full, k);
                o[(3 * n) + j1] = TLanes.Sum(s31) + DotTail(a3, b1, full, k);
            }
        }

        for (var i = rowBlocks; i < m; i++)
        {
            var arow = a + ((long)i * lda);
            for (var j = 0; j < n; j++)
            {
                var b0 = bt + ((long)j * k);
                TVector s0 = default;
                for (var p = 0; p < full; p += w)
                {
                    s0 = TLanes.MultiplyAdd(TLanes.Load(arow + p), TLanes.Load(b0 + p), s0);
                }

                products[((long)i * n) + j] = TLanes.Sum(s0) + DotTail(arow, b0, full, k);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float DotTail(float* x, float* y, int from, int k)
    {
        var sum = 0f;
        for (var p = from; p < k; p++)
        {
            sum += x[p] * y[p];
        }

        return sum;
    }

    /// <summary>
    /// op(A) = Aᵀ with A stored k×m: products[i, j] = Σₚ A[p, i]·bt[j, p], vectorized along i — four vectors of rows
    /// of C × two columns per pass (eight independent accumulator chains); leftover rows one vector, then one row,
    /// at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AxpyColumns<TLanes, TVector>(float* a, int lda, int m, int n, int k, float* bt, float* products)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        var w = TLanes.Count;
        var lanes = stackalloc float[8 * 16];
        var i = 0;
        for (; i + (4 * w) <= m; i += 4 * w)
        {
            for (var j = 0; j < n; j += 2)
            {
                var j1 = Math.Min(j + 1, n - 1);
                var b0 = bt + ((long)j * k);
                var b1 = bt + ((long)j1 * k);
                TVector s00 = default, s10 = default, s20 = default, s30 = default;
                TVector s01 = default, s11 = default, s21 = default, s31 = default;
                var ap = a + i;
                for (var p = 0; p < k; p++)
                {
                    var c0 = TLanes.Broadcast(b0[p]);
                    var c1 = TLanes.Broadcast(b1[p]);
                    var x = TLanes.Load(ap);
                    s00 = TLanes.MultiplyAdd(x, c0, s00);
                    s01 = TLanes.MultiplyAdd(x, c1, s01);
                    x = TLanes.Load(ap + w);
                    s10 = TLanes.MultiplyAdd(x, c0, s10);
                    s11 = TLanes.MultiplyAdd(x, c1, s11);
                    x = TLanes.Load(ap + (2 * w));
                    s20 = TLanes.MultiplyAdd(x, c0, s20);
                    s21 = TLanes.MultiplyAdd(x, c1, s21);
                    x = TLanes.Load(ap + (3 * w));
                    s30 = TLanes.MultiplyAdd(x, c0, s30);
                    s31 = TLanes.MultiplyAdd(x, c1, s31);
                    ap += lda;
                }

                TLanes.Store(s00, lanes);
                TLanes.Store(s10, lanes + w);
                TLanes.Store(s20, lanes + (2 * w));
                TLanes.Store(s30, lanes + (3 * w));
                TLanes.Store(s01, lanes + (4 * w));
                TLanes.Store(s11, lanes + (5 * w));
                TLanes.Store(s21, lanes + (6 * w));
                TLanes.Store(s31, lanes + (7 * w));
                ScatterColumns(lanes, 4 * w, products, i, n, j, j1);
            }
        }

        for (; i + w <= m; i += w)
        {
            for (var j = 0; j < n; j++)
            {
                var b0 = bt + ((long)j * k);
                TVector s0 = default;
                var ap = a + i;
                for (var p = 0; p < k; p++)
                {
                    s0 = TLanes.MultiplyAdd(TLanes.Load(ap), TLanes.Broadcast(b0[p]), s0);
                    ap += lda;
                }

                TLanes.Store(s0, lanes);
                ScatterColumns(lanes, w, products, i, n, j, j);
            }
        }

        AxpyColumnsTail(a, lda, i, m, n, k, bt, products);
    }

    /// <summary>Writes rows i..i+rows of columns j (lanes[0..rows)) and j1 (lanes[rows..2·rows)) of products.</summary>
    private static void ScatterColumns(float* lanes, int rows, float* products, int i, int n, int j, int j1)
    {
        for (var r = 0; r < rows; r++)
        {
            products[((long)(i + r) * n) + j] = lanes[r];
            if (j1 != j)
            {
                products[((long)(i + r) * n) + j1] = lanes[rows + r];
            }
        }
    }

    private static void AxpyColumnsTail(float* a, int lda, int from, int m, int n, int k, float* bt, float* products)
    {
        for (var i = from; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var b = bt + ((long)j * k);
                var sum = 0f;
                for (var p = 0; p < k; p++)
                {
                    sum += a[((long)p * lda) + i] * b[p];
                }

                products[((long)i * n) + j] = sum;
            }
        }
    }

    /// <summary>The vector operations the skinny loops need, for one vector width (resolved when the JIT specializes).</summary>
    private interface ILanes<TVector>
        where TVector : struct
    {
        static abstract int Count { get; }

        static abstract TVector Load(float* p);

        static abstract TVector Broadcast(float value);

        /// <summary>a·b + c.</summary>
        static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

        static abstract float Sum(TVector v);

        static abstract void Store(TVector v, float* p);
    }

    /// <summary>16 lanes, fused multiply-add (the AVX-512 choice).</summary>
    private readonly struct Lanes512 : ILanes<Vector512<float>>
    {
        public static int Count => Vector512<float>.Count;

        public static Vector512<float> Load(float* p) => Vector512.Load(p);

        public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

        public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
            Vector512.FusedMultiplyAdd(a, b, c);

        public static float Sum(Vector512<float> v) => Vector512.Sum(v);

        public static void Store(Vector512<float> v, float* p) => v.Store(p);
    }

    /// <summary><see cref="Vector{T}"/> lanes, separate multiply and add (runs everywhere).</summary>
    private readonly struct LanesPortable : ILanes<Vector<float>>
    {
        public static int Count => Vector<float>.Count;

        public static Vector<float> Load(float* p) => Unsafe.ReadUnaligned<Vector<float>>(p);

        public static Vector<float> Broadcast(float value) => new(value);

        public static Vector<float> MultiplyAdd(Vector<float> a, Vector<float> b, Vector<float> c) => c + (a * b);

        public static float Sum(Vector<float> v) => Vector.Sum(v);

        public static void Store(Vector<float> v, float* p) => Unsafe.WriteUnaligned(p, v);
    }
}
