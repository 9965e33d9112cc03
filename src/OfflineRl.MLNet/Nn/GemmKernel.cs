namespace OfflineRl.MLNet.Nn;

/// <summary>Which GEMM micro-kernel <see cref="Gemm"/> runs.</summary>
internal enum GemmKernel
{
    /// <summary>The fastest kernel the CPU supports (AVX-512, then AVX2+FMA, then portable).</summary>
    Auto = 0,

    /// <summary>The portable kernel (<see cref="System.Numerics.Vector{T}"/>), correct on every CPU.</summary>
    Portable = 1,

    /// <summary>The AVX2+FMA 6x16 register-blocked kernel; x64 only.</summary>
    Avx2Fma = 2,

    /// <summary>The AVX-512F 12x16 register-blocked kernel; x64 CPUs with AVX-512 only.</summary>
    Avx512 = 3,
}
