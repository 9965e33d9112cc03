using System.Runtime.ExceptionServices;

namespace OfflineRl.MLNet.Nn;

/// <summary>
/// A tiny allocation-free fork/join pool: persistent background threads that run numbered parts of one job
/// given as a function pointer and a state pointer (<see cref="Run"/>), or the second of two independent
/// actions (<see cref="Invoke"/>). The caller always runs part 0 / the first action itself.
/// </summary>
/// <remarks>
/// A training step forks and joins dozens of times a millisecond, so waking a sleeping thread through the kernel
/// on every fork would cost more than the work. Workers therefore spin on their start signal for a while after
/// each job (about <see cref="SpinIterations"/> pause rounds) before they block, and the caller spins on the
/// completion count. When the pool is already in use — a nested call from inside a job, or another thread — the
/// caller runs everything itself, which gives the same results because parts never depend on who runs them.
/// </remarks>
internal static unsafe class ParallelWorkers
{
    /// <summary>Pause rounds a worker spins after a job before it blocks (tens of microseconds).</summary>
    private const int SpinIterations = 20_000;

    private static readonly Lock Growth = new();
    private static int _busy;
    private static int _pending;
    private static Worker[] _workers = [];
    private static delegate*<int, void*, void> _job;
    private static void* _state;
    private static Action? _action;
    private static ExceptionDispatchInfo? _error;

    /// <summary>Runs parts 0..<paramref name="parts"/>−1 of <paramref name="job"/>, in parallel when the pool is free.</summary>
    public static void Run(int parts, delegate*<int, void*, void> job, void* state)
    {
        if (parts <= 1 || !TryAcquire())
        {
            for (var p = 0; p < parts; p++)
            {
                job(p, state);
            }

            return;
        }

        try
        {
            EnsureWorkers(parts - 1);
            _job = job;
            _state = state;
            _action = null;
            Dispatch(parts - 1);
            try
            {
                job(0, state);
            }
            finally
            {
                Join();
            }
        }
        finally
        {
            Release();
        }
    }

    /// <summary>
    /// Runs two independent actions, on two threads when <paramref name="threadCount"/> ≥ 2 and the pool is free,
    /// otherwise <paramref name="first"/> then <paramref name="second"/> on the caller. Inside either action
    /// <see cref="NnThreading.ThreadCount"/> reads 1: the pool is in use, so the action could not get more threads,
    /// and work split into parts that one thread then runs in turn would only cost more (each part of a product
    /// packs the same weights). Each action therefore does the same arithmetic whichever way they run.
    /// </summary>
    public static void Invoke(Action first, Action second, int threadCount)
    {
        var previous = NnThreading.SetScoped(1);
        try
        {
            if (threadCount < 2 || !TryAcquire())
            {
                first();
                second();
                return;
            }

            try
            {
                EnsureWorkers(1);
                _job = null;
                _state = null;
                _action = second;
                Dispatch(1);
                try
                {
                    first();
                }
                finally
                {
                    Join();
                }
            }
            finally
            {
                Release();
            }
        }
        finally
        {
            NnThreading.RestoreScoped(previous);
        }
    }

    /// <summary>
    /// Rows [From, To) that part <paramref name="part"/> (0 or 1) of a two-way split of <paramref name="count"/> rows
    /// takes: the first ⌊count/2⌋, then the rest.
    /// </summary>
    public static (int From, int To) Half(int count, int part) => part == 0 ? (0, count / 2) : (count / 2, count);

    private static bool TryAcquire() => Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

    private static void Release()
    {
        _job = null;
        _state = null;
        _action = null;
        Volatile.Write(ref _busy, 0);
    }

    private static void Dispatch(int workers)
    {
        _error = null;
        Volatile.Write(ref _pending, workers);
        for (var w = 0; w < workers; w++)
        {
            _workers[w].Start();
        }
    }

    private static void Join()
    {
        var spinner = default(SpinWait);
        while (Volatile.Read(ref _pending) != 0)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        var error = _error;
        _error = null;
        error?.Throw();
    }

    private static void EnsureWorkers(int count)
    {
        if (_workers.Length >= count)
        {
            return;
        }

        lock (Growth)
        {
            var grown = new Worker[count];
            Array.Copy(_workers, grown, _workers.Length);
            for (var i = _workers.Length; i < count; i++)
            {
                grown[i] = new Worker(i + 1);
            }

            _workers = grown;
        }
    }

    private sealed class Worker
    {
        private readonly int _part;
        private readonly SemaphoreSlim _wake = new(0, 1);
        private int _signal;
        private int _sleeping;

        public Worker(int part)
        {
            _part = part;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"OfflineRl.Nn worker {part}" };
            thread.Start();
        }

        public void Start()
        {
            Interlocked.Increment(ref _signal);
            if (Interlocked.Exchange(ref _sleeping, 0) == 1)
            {
                _wake.Release();
            }
        }

        private void Loop()
        {
            var seen = 0;
            while (true)
            {
                seen = WaitForSignal(seen);
                try
                {
                    var action = _action;
                    if (action is not null)
                    {
                        // As on the caller (see Invoke), the action runs with a thread count of 1.
                        var previous = NnThreading.SetScoped(1);
                        try
                        {
                            action();
                        }
                        finally
                        {
                            NnThreading.RestoreScoped(previous);
                        }
                    }
                    else
                    {
                        _job(_part, _state);
                    }
                }
                catch (Exception e)
                {
                    _error = ExceptionDispatchInfo.Capture(e);
                }

                Interlocked.Decrement(ref _pending);
            }
        }

        private int WaitForSignal(int seen)
        {
            for (var i = 0; i < SpinIterations; i++)
            {
                var signal = Volatile.Read(ref _signal);
                if (signal != seen)
                {
                    return signal;
                }

                Thread.SpinWait(1);
            }

            while (true)
            {
                Interlocked.Exchange(ref _sleeping, 1); // a full fence: the read below cannot move above it
                var signal = Volatile.Read(ref _signal);
                if (signal != seen)
                {
                    // Woken while going to sleep: if Start already took the sleeping flag it also released the
                    // semaphore, which must be consumed to keep the count balanced.
                    if (Interlocked.Exchange(ref _sleeping, 0) == 0)
                    {
                        _wake.Wait();
                    }

                    return signal;
                }

                _wake.Wait();
            }
        }
    }
}
