using System.Runtime.Intrinsics.X86;

namespace OfflineRl.MLNet.Training;

/// <summary>Software prefetch hints for scattered reads (no-ops where the CPU has no prefetch instruction).</summary>
internal static unsafe class CachePrefetch
{
    /// <summary>Requests every 64-byte line that <paramref name="count"/> values from <paramref name="start"/> touch.</summary>
    public static void Values<T>(ReadOnlySpan<T> data, long start, int count)
        where T : unmanaged
    {
        if (!Sse.IsSupported || start < 0 || start >= data.Length)
        {
            return;
        }

        fixed (T* p = data)
        {
            var first = (nint)(p + start) & ~(nint)63;
            var last = (nint)(p + Math.Min(data.Length - 1, start + count - 1));
            for (var line = first; line <= last; line += 64)
            {
                Sse.Prefetch0((void*)line);
            }
        }
    }
}
