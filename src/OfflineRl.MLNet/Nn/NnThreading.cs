namespace OfflineRl.MLNet.Nn;

/// <summary>
/// The one setting that decides how many threads the neural-network engine uses (default 1).
/// GEMM splits its output into tiles at fixed boundaries, so every output element is computed by the same
/// instruction sequence whatever the thread count: results are bit-identical for any value.
/// </summary>
public static class NnThreading
{
    private static int _threadCount = 1;

    /// <summary>Threads GEMM may use, 1 or more; default 1. Set it before training, not during a call.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When set below 1 or above 256.</exception>
    public static int ThreadCount
    {
        get => Volatile.Read(ref _threadCount);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 256);
            Volatile.Write(ref _threadCount, value);
        }
    }
}
