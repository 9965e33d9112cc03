namespace OfflineRl.MLNet.Nn;

/// <summary>
/// The one setting that decides how many threads the neural-network engine uses (default 1).
/// GEMM splits its output into tiles at fixed boundaries, so a product is bit-identical for any thread count;
/// a whole training step is bit-identical for the same seed and the same thread count (an MLP may split a large
/// batch's rows across two threads, which changes the order gradient terms are added — see <see cref="Mlp.RowSharding"/>).
/// </summary>
/// <remarks>
/// A trainer runs with its own <c>Threads</c> option on its own thread without changing this process-wide value,
/// so trainings on different threads never see each other's setting.
/// </remarks>
internal static class NnThreading
{
    private static int _threadCount = 1;

    [ThreadStatic]
    private static int t_scoped;

    /// <summary>
    /// Threads the engine may use on the calling thread: a trainer's own setting while it runs, otherwise the
    /// process-wide value (1 or more; default 1). Setting it changes the process-wide value; do that before
    /// training, not during a call.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When set below 1 or above 256.</exception>
    public static int ThreadCount
    {
        get => t_scoped > 0 ? t_scoped : Volatile.Read(ref _threadCount);
        set
        {
            Check(value);
            Volatile.Write(ref _threadCount, value);
        }
    }

    /// <summary>Makes <paramref name="threads"/> the calling thread's count until <see cref="RestoreScoped"/>; returns the previous scope.</summary>
    internal static int SetScoped(int threads)
    {
        Check(threads);
        var previous = t_scoped;
        t_scoped = threads;
        return previous;
    }

    /// <summary>Restores the scope <see cref="SetScoped"/> returned.</summary>
    internal static void RestoreScoped(int previous) => t_scoped = previous;

    private static void Check(int value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(ThreadCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 256, nameof(ThreadCount));
    }
}
