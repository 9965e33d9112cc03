namespace OfflineRl.MLNet.Nn;

/// <summary>
/// A tiny allocation-free fork/join pool: persistent background threads that run numbered parts of one job
/// given as a function pointer and a state pointer. The caller runs part 0 itself. When the pool is busy
/// (another thread is using it) <see cref="TryRun"/> returns false and the caller runs every part itself, which
/// gives the same results because parts never depend on who runs them.
/// </summary>
internal static unsafe class ParallelWorkers
{
    private static readonly Lock Gate = new();
    private static readonly SemaphoreSlim Done = new(0, int.MaxValue);
    private static Worker[] _workers = [];
    private static delegate*<int, void*, void> _job;
    private static void* _state;

    /// <summary>Runs parts 0..<paramref name="parts"/>−1 of <paramref name="job"/>, in parallel when the pool is free.</summary>
    public static void Run(int parts, delegate*<int, void*, void> job, void* state)
    {
        if (parts <= 1 || !TryRun(parts, job, state))
        {
            for (var p = 0; p < parts; p++)
            {
                job(p, state);
            }
        }
    }

    private static bool TryRun(int parts, delegate*<int, void*, void> job, void* state)
    {
        if (!Gate.TryEnter())
        {
            return false;
        }

        try
        {
            EnsureWorkers(parts - 1);
            _job = job;
            _state = state;
            for (var p = 1; p < parts; p++)
            {
                _workers[p - 1].Start(p);
            }

            job(0, state);
            for (var p = 1; p < parts; p++)
            {
                Done.Wait();
            }

            _job = null;
            _state = null;
            return true;
        }
        finally
        {
            Gate.Exit();
        }
    }

    private static void EnsureWorkers(int count)
    {
        if (_workers.Length >= count)
        {
            return;
        }

        var grown = new Worker[count];
        Array.Copy(_workers, grown, _workers.Length);
        for (var i = _workers.Length; i < count; i++)
        {
            grown[i] = new Worker(i + 1);
        }

        _workers = grown;
    }

    private sealed class Worker
    {
        private readonly SemaphoreSlim _start = new(0, 1);
        private int _part;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"OfflineRl.Nn worker {index}" };
            thread.Start();
        }

        public void Start(int part)
        {
            _part = part;
            _start.Release();
        }

        private void Loop()
        {
            while (true)
            {
                _start.Wait();
                _job(_part, _state);
                Done.Release();
            }
        }
    }
}
