using System.Numerics;
using System.Runtime.InteropServices;

namespace OfflineRl.MLNet.Data;

/// <summary>Finds non-finite values in the large float columns of a dataset a vector at a time.</summary>
internal static class FiniteScan
{
    private const uint ExponentMask = 0x7F80_0000;

    /// <summary>The index of the first NaN or infinity at or after <paramref name="start"/>, or −1.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> values, int start)
    {
        var bits = MemoryMarshal.Cast<float, uint>(values);
        var i = start;
        if (Vector.IsHardwareAccelerated)
        {
            // A float is NaN or infinite exactly when its exponent bits are all ones.
            var mask = new Vector<uint>(ExponentMask);
            for (; i <= bits.Length - Vector<uint>.Count; i += Vector<uint>.Count)
            {
                if (Vector.EqualsAny(new Vector<uint>(bits[i..]) & mask, mask))
                {
                    break;
                }
            }
        }

        for (; i < bits.Length; i++)
        {
            if ((bits[i] & ExponentMask) == ExponentMask)
            {
                return i;
            }
        }

        return -1;
    }
}
