using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OfflineRl.Cli.Commands;

/// <summary>What <see cref="FmaPeak.Measure"/> found: one core's float32 fused multiply-add throughput.</summary>
/// <param name="Instructions">The instruction set the loop ran, e.g. "AVX-512 FMA (512-bit)".</param>
/// <param name="Lanes">float32 lanes per instruction.</param>
/// <param name="Runs">GFLOP/s of each timed run (an FMA counts two operations per lane).</param>
internal sealed record FmaPeakResult(string Instructions, int Lanes, IReadOnlyList<double> Runs)
{
    /// <summary>The best run: a peak is what the core can do, so the least disturbed run estimates it.</summary>
    public double GflopsPerSecond => Runs.Max();
}

/// <summary>
/// One core's FMA peak: independent chains of c ← c·a + b on the widest vectors the runtime accelerates, enough chains to
/// cover the FMA latency on two pipes, no memory traffic. The reference that training's GFLOP/s is a fraction of.
/// </summary>
internal static class FmaPeak
{
    private const float Multiplier = 0.999999f;
    private const float Addend = 1e-6f;

    public static FmaPeakResult Measure(double secondsPerRun = 0.25, int runs = 5)
    {
        var (name, lanes, loop) = Avx512F.IsSupported ? ("AVX-512 FMA (512-bit)", 16, (Func<long, float>)Chains512)
            : Fma.IsSupported ? ("FMA3 (256-bit)", 8, Chains256)
            : ("no FMA: multiply + add (128-bit)", 4, Chains128);
        var flopsPerIteration = (Avx512F.IsSupported ? 16 : 12) * lanes * 2.0;

        // Calibrate the iteration count to the run length (this also warms the loop up past tiered compilation).
        long iterations = 1 << 16;
        var sink = 0f;
        while (true)
        {
            var clock = Stopwatch.StartNew();
            sink += loop(iterations);
            if (clock.Elapsed.TotalSeconds > secondsPerRun / 4)
            {
                iterations = (long)(iterations * secondsPerRun / clock.Elapsed.TotalSeconds);
                break;
            }

            iterations *= 2;
        }

        var results = new double[runs];
        for (var r = 0; r < runs; r++)
        {
            var clock = Stopwatch.StartNew();
            sink += loop(iterations);
            results[r] = iterations * flopsPerIteration / clock.Elapsed.TotalSeconds / 1e9;
        }

        GC.KeepAlive(sink);
        return new FmaPeakResult(name, lanes, results);
    }

    // 16 chains: AVX-512 has 32 registers, and 16 covers a 4-cycle latency on two FMA pipes twice over.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chains512(long iterations)
    {
        var a = Vector512.Create(Multiplier);
        var b = Vector512.Create(Addend);
        Vector512<float> c0 = Vector512.Create(0.1f), c1 = Vector512.Create(0.2f), c2 = Vector512.Create(0.3f), c3 = Vector512.Create(0.4f);
        Vector512<float> c4 = Vector512.Create(0.5f), c5 = Vector512.Create(0.6f), c6 = Vector512.Create(0.7f), c7 = Vector512.Create(0.8f);
        Vector512<float> c8 = c0 + c4, c9 = c1 + c5, c10 = c2 + c6, c11 = c3 + c7, c12 = c0 + c7, c13 = c1 + c6, c14 = c2 + c5, c15 = c3 + c4;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Avx512F.FusedMultiplyAdd(c0, a, b);
            c1 = Avx512F.FusedMultiplyAdd(c1, a, b);
            c2 = Avx512F.FusedMultiplyAdd(c2, a, b);
            c3 = Avx512F.FusedMultiplyAdd(c3, a, b);
            c4 = Avx512F.FusedMultiplyAdd(c4, a, b);
            c5 = Avx512F.FusedMultiplyAdd(c5, a, b);
            c6 = Avx512F.FusedMultiplyAdd(c6, a, b);
            c7 = Avx512F.FusedMultiplyAdd(c7, a, b);
            c8 = Avx512F.FusedMultiplyAdd(c8, a, b);
            c9 = Avx512F.FusedMultiplyAdd(c9, a, b);
            c10 = Avx512F.FusedMultiplyAdd(c10, a, b);
            c11 = Avx512F.FusedMultiplyAdd(c11, a, b);
            c12 = Avx512F.FusedMultiplyAdd(c12, a, b);
            c13 = Avx512F.FusedMultiplyAdd(c13, a, b);
            c14 = Avx512F.FusedMultiplyAdd(c14, a, b);
            c15 = Avx512F.FusedMultiplyAdd(c15, a, b);
        }

        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11 + c12 + c13 + c14 + c15);
    }

    // 12 chains: AVX2 has 16 registers, two of them hold a and b.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chains256(long iterations)
    {
        var a = Vector256.Create(Multiplier);
        var b = Vector256.Create(Addend);
        Vector256<float> c0 = Vector256.Create(0.1f), c1 = Vector256.Create(0.2f), c2 = Vector256.Create(0.3f), c3 = Vector256.Create(0.4f);
        Vector256<float> c4 = Vector256.Create(0.5f), c5 = Vector256.Create(0.6f), c6 = Vector256.Create(0.7f), c7 = Vector256.Create(0.8f);
        Vector256<float> c8 = c0 + c4, c9 = c1 + c5, c10 = c2 + c6, c11 = c3 + c7;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Fma.MultiplyAdd(c0, a, b);
            c1 = Fma.MultiplyAdd(c1, a, b);
            c2 = Fma.MultiplyAdd(c2, a, b);
            c3 = Fma.MultiplyAdd(c3, a, b);
            c4 = Fma.MultiplyAdd(c4, a, b);
            c5 = Fma.MultiplyAdd(c5, a, b);
            c6 = Fma.MultiplyAdd(c6, a, b);
            c7 = Fma.MultiplyAdd(c7, a, b);
            c8 = Fma.MultiplyAdd(c8, a, b);
            c9 = Fma.MultiplyAdd(c9, a, b);
            c10 = Fma.MultiplyAdd(c10, a, b);
            c11 = Fma.MultiplyAdd(c11, a, b);
        }

        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chains128(long iterations)
    {
        var a = Vector128.Create(Multiplier);
        var b = Vector128.Create(Addend);
        Vector128<float> c0 = Vector128.Create(0.1f), c1 = Vector128.Create(0.2f), c2 = Vector128.Create(0.3f), c3 = Vector128.Create(0.4f);
        Vector128<float> c4 = Vector128.Create(0.5f), c5 = Vector128.Create(0.6f), c6 = Vector128.Create(0.7f), c7 = Vector128.Create(0.8f);
        Vector128<float> c8 = c0 + c4, c9 = c1 + c5, c10 = c2 + c6, c11 = c3 + c7;
        for (long i = 0; i < iterations; i++)
        {
            c0 = (c0 * a) + b;
            c1 = (c1 * a) + b;
            c2 = (c2 * a) + b;
            c3 = (c3 * a) + b;
            c4 = (c4 * a) + b;
            c5 = (c5 * a) + b;
            c6 = (c6 * a) + b;
            c7 = (c7 * a) + b;
            c8 = (c8 * a) + b;
            c9 = (c9 * a) + b;
            c10 = (c10 * a) + b;
            c11 = (c11 * a) + b;
        }

        return Vector128.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
