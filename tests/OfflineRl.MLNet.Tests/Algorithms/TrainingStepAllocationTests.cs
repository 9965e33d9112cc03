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
        var algorithm = new IqlAlgorithm(data, new IqlOptions { Steps = 100, BatchSize = 32, HiddenSizes = [16, 16] }, 0);
        AssertNoAllocation(algorithm);
    }

    [Fact]
    public void Bc_steady_state_step_allocates_nothing()
    {
        var data = NpzDatasetLoader.Load(TestData.CartPole, TestData.CartPoleOptions);
        AssertNoAllocation(new BehaviorCloningAlgorithm(data, new BehaviorCloningOptions { Steps = 100, BatchSize = 32, HiddenSizes = [16, 16] }, 0, useWeights: false));
    }

    [Theory]
    [InlineData("iql", null)]
    [InlineData("iql", "3")]
    [InlineData("bc", null)]
    [InlineData("awr", null)]
    public void Bench_command_reports_a_median_rate(string algo, string? discrete)
    {
        var args = new List<string> { "bench", "--algo", algo, "--obs", "3", "--act", "2", "--batch", "8", "--hidden", "8", "--steps", "5", "--runs", "1", "--rows", "200", "--json" };
        if (discrete is not null)
        {
            args.AddRange(["--discrete", discrete]);
        }

        var (code, output, error) = CliRunner.Run([.. args]);
        Assert.True(code == 0, error);
        Assert.Contains("\"medianStepsPerSecond\"", output, StringComparison.Ordinal);
    }

    private static void AssertNoAllocation(ITrainingAlgorithm algorithm)
    {
        var losses = new double[algorithm.LossNames.Count];
        for (var i = 0; i < 5; i++)
        {
            algorithm.Step(i, losses);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 5; i < 25; i++)
        {
            algorithm.Step(i, losses);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
