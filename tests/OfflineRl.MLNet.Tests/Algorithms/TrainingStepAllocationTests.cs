using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Common;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Tests.Cli;

namespace OfflineRl.MLNet.Tests.Algorithms;

public sealed class TrainingStepAllocationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Iql_steady_state_step_allocates_nothing(bool discrete)
    {
        var data = discrete
            ? NpzDatasetLoader.Load(TestData.CartPole, TestData.CartPoleOptions)
            : NpzDatasetLoader.Load(TestData.Pendulum, new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.AllTruncated });
        var algorithm = new IqlAlgorithm(data, new IqlOptions { Steps = 200, BatchSize = 32, HiddenSizes = [16, 16] }, 0);
        AssertNoAllocation(algorithm);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)] // batch halves on two threads: the caller's side of the fork must not allocate either
    public void Bc_steady_state_step_allocates_nothing(int threads)
    {
        var data = NpzDatasetLoader.Load(TestData.CartPole, TestData.CartPoleOptions);
        var previous = OfflineRl.MLNet.Nn.NnThreading.SetScoped(threads);
        try
        {
            AssertNoAllocation(new BehaviorCloningAlgorithm(data, new BehaviorCloningOptions { Steps = 200, BatchSize = 64, HiddenSizes = [16, 16] }, PolicyHead.Auto, cosineDecay: false, 0, useWeights: false));
        }
        finally
        {
            OfflineRl.MLNet.Nn.NnThreading.RestoreScoped(previous);
        }
    }

    [Theory]
    [InlineData("iql", null)]
    [InlineData("iql", "3")]
    [InlineData("bc", null)]
    [InlineData("awr", null)]
    public void Bench_command_reports_a_median_rate(string algo, string? discrete)
    {
        var args = new List<string> { "bench", "--algo", algo, "--obs", "3", "--act", "2", "--batch", "8", "--hidden", "8", "--steps", "5", "--runs", "1", "--rows", "200", "--warmup", "0.5", "--json" };
        if (discrete is not null)
        {
            args.AddRange(["--discrete", discrete]);
        }

        var (code, output, error) = CliRunner.Run([.. args]);
        Assert.True(code == 0, error);
        Assert.Contains("\"medianStepsPerSecond\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_command_prints_a_table()
    {
        var (code, output, error) = CliRunner.Run("bench", "--algo", "iql", "--obs", "3", "--act", "2", "--batch", "8", "--hidden", "8", "--steps", "5", "--runs", "1", "--rows", "200", "--warmup", "0.5");
        Assert.True(code == 0, error);
        Assert.Contains("Median steps/s", output, StringComparison.Ordinal);
        (code, _, error) = CliRunner.Run("bench", "--algo", "bc", "--warmup", "0.1");
        Assert.NotEqual(0, code);
        Assert.Contains("--warmup must be at least 0.5", error, StringComparison.Ordinal);
    }

    private static void AssertNoAllocation(ITrainingAlgorithm algorithm)
    {
        // Warm up, then look for a 20-step window without allocation. A few attempts tolerate one-off runtime work
        // (tiered JIT, worker threads started by tests running in parallel); a per-step allocation fails every window.
        var losses = new double[algorithm.LossNames.Count];
        var step = 0;
        for (; step < 20; step++)
        {
            algorithm.Step(step, losses);
        }

        long allocated = -1;
        for (var attempt = 0; attempt < 3 && allocated != 0; attempt++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 20; i++, step++)
            {
                algorithm.Step(step, losses);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, allocated);
    }
}
