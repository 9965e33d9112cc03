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
public static unsafe partial class Gemm
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

        var wide = job->Kernel == GemmKernel.Avx512;
        if (!job->TransposeA)
        {
            if (wide)
            {
                DotRows512(job->A, job->Lda, m, n, k, bt, products);
            }
            else
            {
                DotRowsPortable(job->A, job->Lda, m, n, k, bt, products);
            }
        }
        else if (wide)
        {
            AxpyColumns512(job->A, job->Lda, m, n, k, bt, products);
        }
        else
        {
            AxpyColumnsPortable(job->A, job->Lda, m, n, k, bt, products);
        }

        var epi = new Epilogue(job->Alpha, job->Beta, job->Bias, job->Relu, job->Gate);
        for (var i = 0; i < m; i++)
        {
            var crow = job->C + ((long)i * job->Ldc);
            var grow = job->Gate == null ? null : job->Gate + ((long)i * job->Ldc);
            var prow = products + ((long)i * n);
            for (var j = 0; j < n; j++)
            {
                crow[j] = Finish(prow[j], crow, j, grow, epi);
            }
        }

        return true;
    }

    /// <summary>
    /// products[i, j] = Σₚ A[i, p]·bt[j, p]: four rows of A × two columns of op(B) per pass, eight independent
    /// accumulator chains so the multiply-add latency is hidden; leftover rows one at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotRows512(float* a, int lda, int m, int n, int k, float* bt, float* products)
    {
        const int W = 16;
        var full = k - (k % W);
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
                Vector512<float> s00 = default, s01 = default, s10 = default, s11 = default;
                Vector512<float> s20 = default, s21 = default, s30 = default, s31 = default;
                for (var p = 0; p < full; p += W)
                {
                    var v0 = Vector512.Load(b0 + p);
                    var v1 = Vector512.Load(b1 + p);
                    var x = Vector512.Load(a0 + p);
                    s00 = Vector512.FusedMultiplyAdd(x, v0, s00);
                    s01 = Vector512.FusedMultiplyAdd(x, v1, s01);
                    x = Vector512.Load(a1 + p);
                    s10 = Vector512.FusedMultiplyAdd(x, v0, s10);
                    s11 = Vector512.FusedMultiplyAdd(x, v1, s11);
                    x = Vector512.Load(a2 + p);
                    s20 = Vector512.FusedMultiplyAdd(x, v0, s20);
                    s21 = Vector512.FusedMultiplyAdd(x, v1, s21);
                    x = Vector512.Load(a3 + p);
                    s30 = Vector512.FusedMultiplyAdd(x, v0, s30);
                    s31 = Vector512.FusedMultiplyAdd(x, v1, s31);
                }

                var o = products + ((long)i * n);
                o[j] = Vector512.Sum(s00) + DotTail(a0, b0, full, k);
                o[j1] = Vector512.Sum(s01) + DotTail(a0, b1, full, k);
                o[n + j] = Vector512.Sum(s10) + DotTail(a1, b0, full, k);
                o[n + j1] = Vector512.Sum(s11) + DotTail(a1, b1, full, k);
                o[(2 * n) + j] = Vector512.Sum(s20) + DotTail(a2, b0, full, k);
                o[(2 * n) + j1] = Vector512.Sum(s21) + DotTail(a2, b1, full, k);
                o[(3 * n) + j] = Vector512.Sum(s30) + DotTail(a3, b0, full, k);
                o[(3 * n) + j1] = Vector512.Sum(s31) + DotTail(a3, b1, full, k);
            }
        }

        for (var i = rowBlocks; i < m; i++)
        {
            var arow = a + ((long)i * lda);
            for (var j = 0; j < n; j++)
            {
                var b0 = bt + ((long)j * k);
                Vector512<float> s0 = default;
                for (var p = 0; p < full; p += W)
                {
                    s0 = Vector512.FusedMultiplyAdd(Vector512.Load(arow + p), Vector512.Load(b0 + p), s0);
                }

                products[((long)i * n) + j] = Vector512.Sum(s0) + DotTail(arow, b0, full, k);
            }
        }
    }

    /// <summary>Portable twin of <see cref="DotRows512"/> on <see cref="Vector{T}"/>.</summary>
    private static void DotRowsPortable(float* a, int lda, int m, int n, int k, float* bt, float* products)
    {
        var w = Vector<float>.Count;
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
                var j1 = Math.Min(j + 1, n - 1);
                var b0 = bt + ((long)j * k);
                var b1 = bt + ((long)j1 * k);
                Vector<float> s00 = default, s01 = default, s10 = default, s11 = default;
                Vector<float> s20 = default, s21 = default, s30 = default, s31 = default;
                for (var p = 0; p < full; p += w)
                {
                    var v0 = Unsafe.ReadUnaligned<Vector<float>>(b0 + p);
                    var v1 = Unsafe.ReadUnaligned<Vector<float>>(b1 + p);
                    var x = Unsafe.ReadUnaligned<Vector<float>>(a0 + p);
                    s00 += x * v0;
                    s01 += x * v1;
                    x = Unsafe.ReadUnaligned<Vector<float>>(a1 + p);
                    s10 += x * v0;
                    s11 += x * v1;
                    x = Unsafe.ReadUnaligned<Vector<float>>(a2 + p);
                    s20 += x * v0;
                    s21 += x * v1;
                    x = Unsafe.ReadUnaligned<Vector<float>>(a3 + p);
                    s30 += x * v0;
                    s31 += x * v1;
                }

                var o = products + ((long)i * n);
                o[j] = Vector.Sum(s00) + DotTail(a0, b0, full, k);
                o[j1] = Vector.Sum(s01) + DotTail(a0, b1, full, k);
                o[n + j] = Vector.Sum(s10) + DotTail(a1, b0, full, k);
                o[n + j1] = Vector.Sum(s11) + DotTail(a1, b1, full, k);
                o[(2 * n) + j] = Vector.Sum(s20) + DotTail(a2, b0, full, k);
                o[(2 * n) + j1] = Vector.Sum(s21) + DotTail(a2, b1, full, k);
                o[(3 * n) + j] = Vector.Sum(s30) + DotTail(a3, b0, full, k);
                o[(3 * n) + j1] = Vector.Sum(s31) + DotTail(a3, b1, full, k);
            }
        }

        for (var i = rowBlocks; i < m; i++)
        {
            var arow = a + ((long)i * lda);
            for (var j = 0; j < n; j++)
            {
                var b0 = bt + ((long)j * k);
                Vector<float> s0 = default;
                for (var p = 0; p < full; p += w)
                {
                    s0 += Unsafe.ReadUnaligned<Vector<float>>(arow + p) * Unsafe.ReadUnaligned<Vector<float>>(b0 + p);
                }

                products[((long)i * n) + j] = Vector.Sum(s0) + DotTail(arow, b0, full, k);
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
    private static void AxpyColumns512(float* a, int lda, int m, int n, int k, float* bt, float* products)
    {
        const int W = 16;
        var lanes = stackalloc float[8 * W];
        var i = 0;
        for (; i + (4 * W) <= m; i += 4 * W)
        {
            for (var j = 0; j < n; j += 2)
            {
                var j1 = Math.Min(j + 1, n - 1);
                var b0 = bt + ((long)j * k);
                var b1 = bt + ((long)j1 * k);
                Vector512<float> s00 = default, s10 = default, s20 = default, s30 = default;
                Vector512<float> s01 = default, s11 = default, s21 = default, s31 = default;
                var ap = a + i;
                for (var p = 0; p < k; p++)
                {
                    var c0 = Vector512.Create(b0[p]);
                    var c1 = Vector512.Create(b1[p]);
                    var x = Vector512.Load(ap);
                    s00 = Vector512.FusedMultiplyAdd(x, c0, s00);
                    s01 = Vector512.FusedMultiplyAdd(x, c1, s01);
                    x = Vector512.Load(ap + W);
                    s10 = Vector512.FusedMultiplyAdd(x, c0, s10);
                    s11 = Vector512.FusedMultiplyAdd(x, c1, s11);
                    x = Vector512.Load(ap + (2 * W));
                    s20 = Vector512.FusedMultiplyAdd(x, c0, s20);
                    s21 = Vector512.FusedMultiplyAdd(x, c1, s21);
                    x = Vector512.Load(ap + (3 * W));
                    s30 = Vector512.FusedMultiplyAdd(x, c0, s30);
                    s31 = Vector512.FusedMultiplyAdd(x, c1, s31);
                    ap += lda;
                }

                s00.Store(lanes);
                s10.Store(lanes + W);
                s20.Store(lanes + (2 * W));
                s30.Store(lanes + (3 * W));
                s01.Store(lanes + (4 * W));
                s11.Store(lanes + (5 * W));
                s21.Store(lanes + (6 * W));
                s31.Store(lanes + (7 * W));
                ScatterColumns(lanes, 4 * W, products, i, n, j, j1);
            }
        }

        for (; i + W <= m; i += W)
        {
            for (var j = 0; j < n; j++)
            {
                var b0 = bt + ((long)j * k);
                Vector512<float> s0 = default;
                var ap = a + i;
                for (var p = 0; p < k; p++)
                {
                    s0 = Vector512.FusedMultiplyAdd(Vector512.Load(ap), Vector512.Create(b0[p]), s0);
                    ap += lda;
                }

                s0.Store(lanes);
                ScatterColumns(lanes, W, products, i, n, j, j);
            }
        }

        AxpyColumnsTail(a, lda, i, m, n, k, bt, products);
    }

    /// <summary>Portable twin of <see cref="AxpyColumns512"/> on <see cref="Vector{T}"/>.</summary>
    private static void AxpyColumnsPortable(float* a, int lda, int m, int n, int k, float* bt, float* products)
    {
        var w = Vector<float>.Count;
        var lanes = stackalloc float[8 * w];
        var i = 0;
        for (; i + (4 * w) <= m; i += 4 * w)
        {
            for (var j = 0; j < n; j += 2)
            {
                var j1 = Math.Min(j + 1, n - 1);
                var b0 = bt + ((long)j * k);
                var b1 = bt + ((long)j1 * k);
                Vector<float> s00 = default, s10 = default, s20 = default, s30 = default;
                Vector<float> s01 = default, s11 = default, s21 = default, s31 = default;
                var ap = a + i;
                for (var p = 0; p < k; p++)
                {
                    var c0 = new Vector<float>(b0[p]);
                    var c1 = new Vector<float>(b1[p]);
                    var x = Unsafe.ReadUnaligned<Vector<float>>(ap);
                    s00 += x * c0;
                    s01 += x * c1;
                    x = Unsafe.ReadUnaligned<Vector<float>>(ap + w);
                    s10 += x * c0;
                    s11 += x * c1;
                    x = Unsafe.ReadUnaligned<Vector<float>>(ap + (2 * w));
                    s20 += x * c0;
                    s21 += x * c1;
                    x = Unsafe.ReadUnaligned<Vector<float>>(ap + (3 * w));
                    s30 += x * c0;
                    s31 += x * c1;
                    ap += lda;
                }

                Unsafe.WriteUnaligned(lanes, s00);
                Unsafe.WriteUnaligned(lanes + w, s10);
                Unsafe.WriteUnaligned(lanes + (2 * w), s20);
                Unsafe.WriteUnaligned(lanes + (3 * w), s30);
                Unsafe.WriteUnaligned(lanes + (4 * w), s01);
                Unsafe.WriteUnaligned(lanes + (5 * w), s11);
                Unsafe.WriteUnaligned(lanes + (6 * w), s21);
                Unsafe.WriteUnaligned(lanes + (7 * w), s31);
                ScatterColumns(lanes, 4 * w, products, i, n, j, j1);
            }
        }

        for (; i + w <= m; i += w)
        {
            for (var j = 0; j < n; j++)
            {
                var b0 = bt + ((long)j * k);
                Vector<float> s0 = default;
                var ap = a + i;
                for (var p = 0; p < k; p++)
                {
                    s0 += Unsafe.ReadUnaligned<Vector<float>>(ap) * new Vector<float>(b0[p]);
                    ap += lda;
                }

                Unsafe.WriteUnaligned(lanes, s0);
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
}
