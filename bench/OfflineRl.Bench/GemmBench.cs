using System.Diagnostics;
using OfflineRl.MLNet.Nn;

namespace OfflineRl.Bench;

/// <summary>GEMM throughput on the square shape and on the shapes an IQL step runs.</summary>
internal static class GemmBench
{
    public static void Run(GemmKernel kernel, int threads)
    {
        Console.WriteLine($"GEMM kernel {kernel} (best on this CPU: {Gemm.BestKernel}), threads {threads}");
        Shape(kernel, threads, "256x256x256 NN", false, false, 256, 256, 256);
        Shape(kernel, threads, "512x512x512 NN", false, false, 512, 512, 512);
        Shape(kernel, threads, "fwd  M256 K17  N256", false, false, 256, 256, 17);
        Shape(kernel, threads, "fwd  M256 K23  N256", false, false, 256, 256, 23);
        Shape(kernel, threads, "fwd  M256 K256 N256", false, false, 256, 256, 256);
        Shape(kernel, threads, "fwd  M256 K256 N6", false, false, 256, 6, 256);
        Shape(kernel, threads, "fwd  M256 K256 N1", false, false, 256, 1, 256);
        Shape(kernel, threads, "dX   M256 K256 N256 (NT)", false, true, 256, 256, 256);
        Shape(kernel, threads, "dX   M256 K6   N256 (NT)", false, true, 256, 256, 6);
        Shape(kernel, threads, "dX   M256 K1   N256 (NT)", false, true, 256, 256, 1);
        Shape(kernel, threads, "dW   M256 K256 N256 (TN)", true, false, 256, 256, 256);
        Shape(kernel, threads, "dW   M17  K256 N256 (TN)", true, false, 17, 256, 256);
        Shape(kernel, threads, "dW   M256 K256 N6 (TN)", true, false, 256, 6, 256);
        Shape(kernel, threads, "dW   M256 K256 N1 (TN)", true, false, 256, 1, 256);
    }

    private static void Shape(GemmKernel kernel, int threads, string name, bool ta, bool tb, int m, int n, int k)
    {
        var rng = new Random(1);
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        var bias = new float[n];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = (float)rng.NextDouble() - 0.5f;
        }

        for (var i = 0; i < b.Length; i++)
        {
            b[i] = (float)rng.NextDouble() - 0.5f;
        }

        var lda = ta ? m : k;
        var ldb = tb ? k : n;
        void Once() => Gemm.Multiply(ta, tb, m, n, k, 1f, a, lda, b, ldb, 0f, c, n, bias, GemmActivation.Relu, default, kernel, threads);

        var flops = 2.0 * m * n * k;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < 0.3)
        {
            Once();
        }

        // Inner count so one sample is ~2 ms; median of 15 samples.
        var reps = Math.Max(1, (int)(2e-3 / (flops / 50e9)));
        var samples = new double[15];
        for (var s = 0; s < samples.Length; s++)
        {
            var t = Stopwatch.GetTimestamp();
            for (var r = 0; r < reps; r++)
            {
                Once();
            }

            samples[s] = Stopwatch.GetElapsedTime(t).TotalSeconds / reps;
        }

        Array.Sort(samples);
        var sec = samples[samples.Length / 2];
        var best = samples[0];
        Console.WriteLine($"  {name,-28} {sec * 1e6,9:F1} us  {flops / sec / 1e9,7:F1} GFLOP/s   (best {best * 1e6,7:F1} us, {flops / best / 1e9,6:F1} GFLOP/s)");
    }
}
