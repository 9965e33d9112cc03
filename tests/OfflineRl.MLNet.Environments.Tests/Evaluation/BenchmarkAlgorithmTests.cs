using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Evaluation;

public sealed class BenchmarkAlgorithmTests
{
    public static TheoryData<string> ClassicIds() => [.. EnvironmentCatalog.ClassicControlIds];

    [Theory]
    [MemberData(nameof(ClassicIds))]
    public void Classic_control_algorithms_share_steps_batch_network_and_learning_rate(string environmentId)
    {
        // The medium-replay comparison is only fair if no algorithm gets a different budget: IQL once kept the paper's 3e-4
        // while BC, filtered BC and AWR trained at 1e-3 for the same 5,000 steps, and its critic was far from fitted.
        TrainerOptions[] options =
        [
            .. PolicyTrainersCatalog.Algorithms.Where(a => !a.ContinuousOnly).Select(a => BenchmarkAlgorithm.OptionsFor(a.Name, environmentId, 5000)),
        ];
        Assert.All(options, o =>
        {
            Assert.Equal(5000, o.Steps);
            Assert.Equal(options[0].BatchSize, o.BatchSize);
            Assert.Equal([64, 64], o.HiddenSizes);
            Assert.Equal(1e-3f, o.LearningRate);
            Assert.Equal(options[0].Discount, o.Discount);
        });
        Assert.Equal(5000, ((AwrOptions)BenchmarkAlgorithm.OptionsFor("awr", environmentId, 5000)).ValueSteps);
    }

    [Fact]
    public void Classic_control_iql_keeps_the_paper_expectile_and_temperature()
    {
        var iql = (IqlOptions)BenchmarkAlgorithm.OptionsFor("iql", EnvironmentCatalog.Pendulum);
        Assert.Equal(0.7f, iql.Expectile);
        Assert.Equal(3f, iql.Weighting.InverseTemperature);
        Assert.True(iql.ActorCosineDecay);
    }
}
