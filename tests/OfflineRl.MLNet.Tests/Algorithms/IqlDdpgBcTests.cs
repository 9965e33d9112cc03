using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Tests.Algorithms;

/// <summary>IQL with DDPG+BC extraction: what the conformance tests check of every algorithm, for this option of IQL.</summary>
public sealed class IqlDdpgBcTests
{
    private static IqlOptions Options(int steps)
    {
        var options = (IqlOptions)AlgorithmConformanceTests.Options(AlgorithmList.Find("iql"), steps);
        options.PolicyExtraction = IqlPolicyExtraction.DdpgBc;
        return options;
    }

    [Fact]
    public void Learns_the_bandit_with_a_deterministic_actor()
    {
        var model = AlgorithmConformanceTests.Fit(AlgorithmList.Find("iql"), Options(400), BanditData.Continuous());
        Assert.Equal(PolicyKind.Deterministic, model.Policy.Kind);
        var greedy = new float[1];
        model.Policy.Act([1f], greedy);
        Assert.True(greedy[0] > 0.25f, $"greedy action {greedy[0]}"); // a+ = 0.5 pays 1, a− = −0.5 pays 0
        Assert.Equal(2, model.ValueNetworks.Count(v => v.Name.StartsWith('q')));
    }

    [Fact]
    public void Resumes_bit_identically_and_one_thread_equals_two()
    {
        var entry = AlgorithmList.Find("iql");
        var data = BanditData.Continuous();
        var dir = Path.Combine(Path.GetTempPath(), $"offlinerl-iql-ddpgbc-{Guid.NewGuid():N}");
        try
        {
            var full = AlgorithmConformanceTests.Fit(entry, Options(60), data);
            var first = Options(60);
            (first.Run.CheckpointEvery, first.Run.CheckpointDirectory) = (25, dir);
            AlgorithmConformanceTests.Fit(entry, first, data);
            var resumed = Options(60);
            resumed.Run.ResumeFrom = TrainingLoop.CheckpointPath(dir, 25);
            Assert.Equal(full.Policy.Weights(), AlgorithmConformanceTests.Fit(entry, resumed, data).Policy.Weights());

            var pendulum = NpzDatasetLoader.Load(TestData.Pendulum, new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.AllTruncated });
            float[] Run(int threads)
            {
                var options = Options(30);
                (options.HiddenSizes, options.Run.Threads) = ([64, 64], threads);
                return AlgorithmConformanceTests.Fit(entry, options, pendulum).Policy.Weights();
            }

            Assert.Equal(Run(1), Run(2));
            var other = Options(60);
            other.Seed = 2; // a different seed must change the weights, or the comparisons prove nothing
            Assert.NotEqual(full.Policy.Weights(), AlgorithmConformanceTests.Fit(entry, other, data).Policy.Weights());
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void Steady_state_steps_allocate_nothing_and_discrete_data_is_refused()
    {
        var entry = AlgorithmList.Find("iql");
        var trainer = entry.CreateTrainer(new Microsoft.ML.MLContext(0).OfflineRL().Trainers, Options(200));
        foreach (var threads in new[] { 1, 2 })
        {
            var previous = NnThreading.SetScoped(threads);
            try
            {
                AlgorithmConformanceTests.AssertNoAllocation(trainer.CreateAlgorithm(BanditData.Continuous(), 0));
            }
            finally
            {
                NnThreading.RestoreScoped(previous);
            }
        }

        var error = Assert.Throws<ArgumentException>(() => AlgorithmConformanceTests.Fit(entry, Options(5), BanditData.Discrete()));
        Assert.Contains("DDPG+BC extraction needs continuous actions", error.Message, StringComparison.Ordinal);
    }
}
