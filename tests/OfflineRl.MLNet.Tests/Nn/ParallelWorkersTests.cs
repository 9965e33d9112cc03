using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Tests.Nn;

[Collection(WorkerPoolCollection.Name)]
public sealed class ParallelWorkersTests
{
    [Fact]
    public void Invoke_runs_both_actions_on_two_threads_and_nested_products_match_serial_ones()
    {
        // Each half multiplies with 2 threads requested: inside Invoke the pool is busy, so the nested GEMMs run
        // inline on their own thread — and must give the same bits as when they run alone.
        var rng = new Random(4);
        float[] Random(int n) => Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var a = Random(256 * 256);
        var b = Random(256 * 256);
        var alone = new float[256 * 256];
        Gemm.Multiply(false, false, 256, 256, 256, 1f, a, 256, b, 256, 0f, alone, 256, threadCount: 2);
        var first = new float[256 * 256];
        var second = new float[256 * 256];
        int firstThread = 0, secondThread = 0;
        var sawTwoThreads = false;
        for (var round = 0; round < 200 && !(sawTwoThreads && round >= 20); round++)
        {
            ParallelWorkers.Invoke(
                () =>
                {
                    firstThread = Environment.CurrentManagedThreadId;
                    Gemm.Multiply(false, false, 256, 256, 256, 1f, a, 256, b, 256, 0f, first, 256, threadCount: 2);
                },
                () =>
                {
                    secondThread = Environment.CurrentManagedThreadId;
                    Gemm.Multiply(false, false, 256, 256, 256, 1f, a, 256, b, 256, 0f, second, 256, threadCount: 2);
                },
                threadCount: 2);
            Assert.Equal(alone, first);
            Assert.Equal(alone, second);
            sawTwoThreads |= firstThread != secondThread;
        }

        // The class runs alone, so the pool is free; a round may still run inline while a worker wakes up.
        Assert.True(sawTwoThreads);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Inside_Invoke_the_thread_count_is_one_and_the_callers_count_comes_back(int threads)
    {
        // The actions could not get more threads from the busy pool; splitting their products into parts run in turn
        // would only repeat the packing, so they see a count of 1 on whichever thread runs them.
        var previous = NnThreading.SetScoped(threads);
        try
        {
            int first = 0, second = 0;
            ParallelWorkers.Invoke(() => first = NnThreading.ThreadCount, () => second = NnThreading.ThreadCount, threads);
            Assert.Equal((1, 1), (first, second));
            Assert.Equal(threads, NnThreading.ThreadCount);
            Assert.Throws<InvalidOperationException>(() => ParallelWorkers.Invoke(() => throw new InvalidOperationException(), () => { }, threads));
            Assert.Equal(threads, NnThreading.ThreadCount);
        }
        finally
        {
            NnThreading.RestoreScoped(previous);
        }
    }

    [Fact]
    public void Invoke_with_one_thread_runs_first_then_second_on_the_caller()
    {
        var order = new List<(string Name, int Thread)>();
        ParallelWorkers.Invoke(
            () => order.Add(("first", Environment.CurrentManagedThreadId)),
            () => order.Add(("second", Environment.CurrentManagedThreadId)),
            threadCount: 1);
        Assert.Equal(["first", "second"], order.Select(o => o.Name));
        Assert.All(order, o => Assert.Equal(Environment.CurrentManagedThreadId, o.Thread));
    }

    [Fact]
    public void An_exception_on_the_worker_reaches_the_caller_and_the_pool_stays_usable()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            ParallelWorkers.Invoke(() => { }, () => throw new InvalidOperationException("boom"), threadCount: 2));
        Assert.Equal("boom", ex.Message);
        var ran = 0;
        ParallelWorkers.Invoke(() => Interlocked.Increment(ref ran), () => Interlocked.Increment(ref ran), threadCount: 2);
        Assert.Equal(2, ran);
    }
}
