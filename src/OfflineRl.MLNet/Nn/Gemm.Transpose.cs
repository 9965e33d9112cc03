using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OfflineRl.MLNet.Nn;

/// <summary>
/// Packing of strided lanes for <see cref="Gemm"/>: a 16-wide panel whose lanes are stored rows (contiguous along
/// the depth, as op(B) = Bᵀ gives for the backward pass <c>dX = dY·Wᵀ</c>) is a 16×16 block transpose per 16 steps
/// of depth, done in AVX-512 registers instead of 256 scalar moves.
/// </summary>
internal static unsafe partial class Gemm
{
    /// <summary>
    /// Packs <c>dest[p·16 + l] = src[l·laneStride + p]</c> for 16 full lanes and <paramref name="kc"/> steps of depth.
    /// Returns false (nothing written) when AVX-512 is not available.
    /// </summary>
    private static bool TryPackTransposed16(float* dest, float* src, long laneStride, int kc)
    {
        if (!Avx512F.IsSupported)
        {
            return false;
        }

        var p = 0;
        for (; p + 16 <= kc; p += 16)
        {
            Transpose16x16(src + p, laneStride, dest + (p * 16));
        }

        for (; p < kc; p++)
        {
            var d = dest + (p * 16);
            for (var l = 0; l < 16; l++)
            {
                d[l] = src[(l * laneStride) + p];
            }
        }

        return true;
    }

    /// <summary>
    /// <c>dst[j·16 + i] = src[i·stride + j]</c> for a 16×16 block: unpack pairs of rows, shuffle pairs of pairs, then
    /// two rounds of 128-bit lane shuffles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose16x16(float* src, long stride, float* dst)
    {
        // Stage 1: interleave rows 2i and 2i+1 within each 128-bit lane.
        var t0 = Avx512F.UnpackLow(Load(src, stride, 0), Load(src, stride, 1));
        var t1 = Avx512F.UnpackHigh(Load(src, stride, 0), Load(src, stride, 1));
        var t2 = Avx512F.UnpackLow(Load(src, stride, 2), Load(src, stride, 3));
        var t3 = Avx512F.UnpackHigh(Load(src, stride, 2), Load(src, stride, 3));
        var t4 = Avx512F.UnpackLow(Load(src, stride, 4), Load(src, stride, 5));
        var t5 = Avx512F.UnpackHigh(Load(src, stride, 4), Load(src, stride, 5));
        var t6 = Avx512F.UnpackLow(Load(src, stride, 6), Load(src, stride, 7));
        var t7 = Avx512F.UnpackHigh(Load(src, stride, 6), Load(src, stride, 7));
        var t8 = Avx512F.UnpackLow(Load(src, stride, 8), Load(src, stride, 9));
        var t9 = Avx512F.UnpackHigh(Load(src, stride, 8), Load(src, stride, 9));
        var t10 = Avx512F.UnpackLow(Load(src, stride, 10), Load(src, stride, 11));
        var t11 = Avx512F.UnpackHigh(Load(src, stride, 10), Load(src, stride, 11));
        var t12 = Avx512F.UnpackLow(Load(src, stride, 12), Load(src, stride, 13));
        var t13 = Avx512F.UnpackHigh(Load(src, stride, 12), Load(src, stride, 13));
        var t14 = Avx512F.UnpackLow(Load(src, stride, 14), Load(src, stride, 15));
        var t15 = Avx512F.UnpackHigh(Load(src, stride, 14), Load(src, stride, 15));

        // Stage 2: each 128-bit lane of u(4g + c) now holds column (4·lane + c) of rows 4g..4g+3.
        var u0 = Avx512F.Shuffle(t0, t2, 0x44);
        var u1 = Avx512F.Shuffle(t0, t2, 0xEE);
        var u2 = Avx512F.Shuffle(t1, t3, 0x44);
        var u3 = Avx512F.Shuffle(t1, t3, 0xEE);
        var u4 = Avx512F.Shuffle(t4, t6, 0x44);
        var u5 = Avx512F.Shuffle(t4, t6, 0xEE);
        var u6 = Avx512F.Shuffle(t5, t7, 0x44);
        var u7 = Avx512F.Shuffle(t5, t7, 0xEE);
        var u8 = Avx512F.Shuffle(t8, t10, 0x44);
        var u9 = Avx512F.Shuffle(t8, t10, 0xEE);
        var u10 = Avx512F.Shuffle(t9, t11, 0x44);
        var u11 = Avx512F.Shuffle(t9, t11, 0xEE);
        var u12 = Avx512F.Shuffle(t12, t14, 0x44);
        var u13 = Avx512F.Shuffle(t12, t14, 0xEE);
        var u14 = Avx512F.Shuffle(t13, t15, 0x44);
        var u15 = Avx512F.Shuffle(t13, t15, 0xEE);

        // Stages 3 and 4: gather the four row groups of one column into one vector.
        for (var c = 0; c < 4; c++)
        {
            var lo = c switch { 0 => u0, 1 => u1, 2 => u2, _ => u3 };
            var mid = c switch { 0 => u4, 1 => u5, 2 => u6, _ => u7 };
            var hi = c switch { 0 => u8, 1 => u9, 2 => u10, _ => u11 };
            var top = c switch { 0 => u12, 1 => u13, 2 => u14, _ => u15 };
            var v0 = Avx512F.Shuffle4x128(lo, mid, 0x88); // lanes 0, 2 of lo; lanes 0, 2 of mid
            var v1 = Avx512F.Shuffle4x128(lo, mid, 0xDD); // lanes 1, 3
            var v2 = Avx512F.Shuffle4x128(hi, top, 0x88);
            var v3 = Avx512F.Shuffle4x128(hi, top, 0xDD);
            Avx512F.Store(dst + ((0 + c) * 16), Avx512F.Shuffle4x128(v0, v2, 0x88)); // column c (lane 0)
            Avx512F.Store(dst + ((8 + c) * 16), Avx512F.Shuffle4x128(v0, v2, 0xDD)); // column 8 + c (lane 2)
            Avx512F.Store(dst + ((4 + c) * 16), Avx512F.Shuffle4x128(v1, v3, 0x88)); // column 4 + c (lane 1)
            Avx512F.Store(dst + ((12 + c) * 16), Avx512F.Shuffle4x128(v1, v3, 0xDD)); // column 12 + c (lane 3)
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Load(float* src, long stride, int row) => Avx512F.LoadVector512(src + (row * stride));
}
