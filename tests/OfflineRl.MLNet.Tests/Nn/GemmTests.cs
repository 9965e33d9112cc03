using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Tests.Nn;

public sealed class GemmTests
{
    private static readonly int[] Sizes = [1, 3, 17, 255, 256, 257];

    // Kernels by name: the engine's enum is internal, and a public test method cannot take it.
    public static TheoryData<string, int> KernelsAndThreads()
    {
        var data = new TheoryData<string, int>();
        foreach (var kernel in new[] { GemmKernel.Portable, GemmKernel.Avx2Fma, GemmKernel.Avx512 })
        {
            data.Add(kernel.ToString(), 1);
            data.Add(kernel.ToString(), 2);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KernelsAndThreads))]
    public void Matches_float64_reference_on_all_shapes_and_transposes(string kernelName, int threads)
    {
        var kernel = Enum.Parse<GemmKernel>(kernelName);
        if (!Gemm.IsSupported(kernel))
        {
            return; // this CPU cannot run the kernel; the portable case still runs everywhere
        }

        var rng = new Random(42);
        var checkedCount = 0;
        foreach (var m in Sizes)
        {
            foreach (var n in Sizes)
            {
                foreach (var k in Sizes)
                {
                    // Every small shape; large cubes only sparsely (the float64 reference is slow).
                    var big = (m >= 255 ? 1 : 0) + (n >= 255 ? 1 : 0) + (k >= 255 ? 1 : 0);
                    if (big == 3 && !(m == 257 && n == 255 && k == 256))
                    {
                        continue;
                    }

                    var combo = (m + n + k) % 4; // cycle through the transpose combinations
                    CheckOne(rng, kernel, threads, combo >= 2, combo % 2 == 1, m, n, k, alpha: 1f, beta: 0f);
                    checkedCount++;
                }
            }
        }

        foreach (var ta in new[] { false, true })
        {
            foreach (var tb in new[] { false, true })
            {
                CheckOne(rng, kernel, threads, ta, tb, 256, 256, 17, alpha: 1f, beta: 0f);
                CheckOne(rng, kernel, threads, ta, tb, 257, 17, 255, alpha: 0.5f, beta: 1f);
                CheckOne(rng, kernel, threads, ta, tb, 3, 257, 256, alpha: -2f, beta: 0.25f, bias: true, relu: true);
                CheckOne(rng, kernel, threads, ta, tb, 255, 1, 257, alpha: 1f, beta: 1f, bias: true, relu: true);
                CheckOne(rng, kernel, threads, ta, tb, 17, 256, 513, alpha: 1f, beta: 0.5f, bias: true, gate: true);
                CheckOne(rng, kernel, threads, ta, tb, 100, 37, 29, alpha: 1f, beta: 0f, bias: true, gate: true, pad: 3);
                // Strips of 16 rows (AVX-512), full and with a 15-row last strip, through every epilogue.
                CheckOne(rng, kernel, threads, ta, tb, 240, 48, 33, alpha: 0.5f, beta: 1f, bias: true, relu: true);
                CheckOne(rng, kernel, threads, ta, tb, 239, 40, 33, alpha: 1f, beta: 0.25f, bias: true, gate: true, pad: 2);
            }
        }

        Assert.True(checkedCount > 150);
    }

    [Theory]
    [InlineData(256, 16)]
    [InlineData(240, 16)]
    [InlineData(239, 16)]
    [InlineData(128, 16)]
    [InlineData(257, 12)]
    [InlineData(23, 12)]
    [InlineData(17, 12)]
    [InlineData(6, 12)]
    public void Avx512_row_strip_is_the_one_that_pads_fewer_rows(int m, int strip) => Assert.Equal(strip, Gemm.Avx512RowStrip(m));

    [Theory]
    [MemberData(nameof(KernelsAndThreads))]
    public void Skinny_products_match_float64_reference(string kernelName, int threads)
    {
        var kernel = Enum.Parse<GemmKernel>(kernelName);
        // C with at most 8 columns takes the skinny path (value and action heads); odd widths exercise the
        // column-pair clamp, m not a multiple of 32 the row tail, k not a multiple of 16 the dot-product tail.
        if (!Gemm.IsSupported(kernel))
        {
            return;
        }

        var rng = new Random(11);
        foreach (var n in new[] { 1, 2, 4, 5, 6, 8 })
        {
            foreach (var (m, k) in new[] { (1, 1), (17, 23), (256, 256), (257, 17), (64, 300) })
            {
                foreach (var ta in new[] { false, true })
                {
                    foreach (var tb in new[] { false, true })
                    {
                        CheckOne(rng, kernel, threads, ta, tb, m, n, k, alpha: 1f, beta: 0f);
                        CheckOne(rng, kernel, threads, ta, tb, m, n, k, alpha: 0.5f, beta: 1f, bias: true, relu: true);
                        CheckOne(rng, kernel, threads, ta, tb, m, n, k, alpha: -1f, beta: 0.25f, bias: true, gate: true, pad: 2);
                    }
                }
            }
        }
    }

    [Fact]
    public void Result_is_bit_identical_for_any_thread_count()
    {
        var rng = new Random(7);
        foreach (var kernel in new[] { GemmKernel.Portable, GemmKernel.Avx2Fma, GemmKernel.Avx512 })
        {
            if (!Gemm.IsSupported(kernel))
            {
                continue;
            }

            foreach (var (m, n, k) in new[] { (256, 256, 256), (257, 255, 17), (255, 17, 300), (17, 600, 64) })
            {
                var a = Random(rng, m * k);
                var b = Random(rng, k * n);
                var bias = Random(rng, n);
                var c1 = new float[m * n];
                var c2 = new float[m * n];
                var c3 = new float[m * n];
                Gemm.Multiply(false, true, m, n, k, 1f, a, k, b, k, 0f, c1, n, bias, GemmActivation.Relu, default, kernel, 1);
                Gemm.Multiply(false, true, m, n, k, 1f, a, k, b, k, 0f, c2, n, bias, GemmActivation.Relu, default, kernel, 2);
                Gemm.Multiply(false, true, m, n, k, 1f, a, k, b, k, 0f, c3, n, bias, GemmActivation.Relu, default, kernel, 3);
                Assert.Equal(c1, c2);
                Assert.Equal(c1, c3);
            }
        }
    }

    [Fact]
    public void Beta_zero_never_reads_C()
    {
        var a = new float[] { 1, 2, 3, 4 };
        var b = new float[] { 5, 6, 7, 8 };
        foreach (var kernel in new[] { GemmKernel.Portable, GemmKernel.Avx2Fma, GemmKernel.Avx512 })
        {
            if (!Gemm.IsSupported(kernel))
            {
                continue;
            }

            var c = new[] { float.NaN, float.NaN, float.NaN, float.NaN };
            Gemm.Multiply(false, false, 2, 2, 2, 1f, a, 2, b, 2, 0f, c, 2, kernel: kernel);
            Assert.Equal(new float[] { 19, 22, 43, 50 }, c);
        }
    }

    [Fact]
    public void Relu_epilogue_propagates_nan_and_gate_zeroes()
    {
        var a = new float[] { 1, -1 };
        var b = new float[] { float.NaN, 2, -3 };
        var c = new float[6];
        var gate = new float[] { 1, 1, 1, 1, 0, 1 };
        Gemm.Multiply(false, false, 2, 3, 1, 1f, a, 1, b, 3, 0f, c, 3, default, GemmActivation.Relu, gate);
        Assert.True(float.IsNaN(c[0]));
        Assert.Equal(2f, c[1]);
        Assert.Equal(0f, c[2]);
        Assert.True(float.IsNaN(c[3]));
        Assert.Equal(0f, c[4]); // gated
        Assert.Equal(3f, c[5]);
    }

    [Fact]
    public void Rejects_short_spans()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, 2, 2, 2, 1f, new float[3], 2, new float[4], 2, 0f, new float[4], 2));
        Assert.Contains("a has 3 values", ex.Message);
    }

    private static void CheckOne(
        Random rng, GemmKernel kernel, int threads, bool ta, bool tb, int m, int n, int k, float alpha, float beta,
        bool bias = false, bool relu = false, bool gate = false, int pad = 0)
    {
        var lda = (ta ? m : k) + pad;
        var ldb = (tb ? k : n) + pad;
        var ldc = n + pad;
        var a = Random(rng, ((ta ? k : m) - 1) * lda + (ta ? m : k));
        var b = Random(rng, ((tb ? n : k) - 1) * ldb + (tb ? k : n));
        var c = Random(rng, (m - 1) * ldc + n);
        var biasV = bias ? Random(rng, n) : [];
        var gateV = gate ? Random(rng, c.Length) : [];
        var expected = new double[c.Length];
        var scale = new double[c.Length];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double s = 0, abs = 0;
                for (var p = 0; p < k; p++)
                {
                    double x = ta ? a[p * lda + i] : a[i * lda + p];
                    double y = tb ? b[j * ldb + p] : b[p * ldb + j];
                    s += x * y;
                    abs += Math.Abs(x * y);
                }

                var v = alpha * s + (beta == 0 ? 0 : beta * (double)c[i * ldc + j]);
                if (bias)
                {
                    v += biasV[j];
                }

                if (relu && v < 0)
                {
                    v = 0;
                }

                if (gate && !(gateV[i * ldc + j] > 0))
                {
                    v = 0;
                }

                expected[i * ldc + j] = v;
                scale[i * ldc + j] = Math.Abs(alpha) * abs + Math.Abs(beta * c[i * ldc + j]) + 1;
            }
        }

        var padValues = (float[])c.Clone();
        Gemm.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, biasV, relu ? GemmActivation.Relu : GemmActivation.None, gateV, kernel, threads);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < ldc && i * ldc + j < c.Length; j++)
            {
                var idx = i * ldc + j;
                if (j >= n)
                {
                    Assert.Equal(padValues[idx], c[idx]); // padding columns untouched
                    continue;
                }

                var err = Math.Abs(c[idx] - expected[idx]);
                Assert.True(
                    err <= 2e-6 * scale[idx],
                    $"{kernel} t{threads} ta={ta} tb={tb} m={m} n={n} k={k}: C[{i},{j}] = {c[idx]}, expected {expected[idx]}");
            }
        }
    }

    private static float[] Random(Random rng, int length)
    {
        var v = new float[Math.Max(length, 0)];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (float)(rng.NextDouble() * 2 - 1);
        }

        return v;
    }
}
