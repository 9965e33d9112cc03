using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Cql;
using OfflineRl.MLNet.Algorithms.Iql;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Tests.Algorithms;

/// <summary>
/// What every algorithm of <see cref="AlgorithmList"/> must do, discrete and continuous: learn a one-step bandit, export a
/// policy that ONNX Runtime scores like the C# one, resume from a checkpoint bit-identically, give the same bits run after run at two threads
/// (and the same as at one thread for the actor-critics), stop on a non-finite loss, and take steady-state steps without allocating. Per-algorithm test classes only add what is particular.
/// </summary>
public sealed class AlgorithmConformanceTests
{
    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var entry in AlgorithmList.All)
        {
            if (entry.Supports(discrete: true))
            {
                data.Add(entry.Name, true);
            }

            if (entry.Supports(discrete: false))
            {
                data.Add(entry.Name, false);
            }
        }

        return data;
    }

    public static TheoryData<string> ContinuousOnly() => [.. AlgorithmList.All.Where(a => a.ContinuousOnly).Select(a => a.Name)];

    public static TheoryData<string> DiscreteOnly() => [.. AlgorithmList.All.Where(a => a.DiscreteOnly).Select(a => a.Name)];

    [Theory]
    [MemberData(nameof(DiscreteOnly))]
    public void Discrete_only_algorithms_refuse_continuous_actions_saying_why(string name)
    {
        var entry = AlgorithmList.Find(name);
        Assert.True(PolicyTrainersCatalog.Algorithms.Single(a => a.Name == name).DiscreteOnly);
        var error = Assert.Throws<ArgumentException>(() => Fit(entry, Options(entry, steps: 5), BanditData.Continuous()));
        Assert.Contains("needs discrete actions", error.Message, StringComparison.Ordinal);
        Assert.Contains("bandit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ContinuousOnly))]
    public void Continuous_only_algorithms_refuse_discrete_actions_saying_why(string name)
    {
        var entry = AlgorithmList.Find(name);
        Assert.True(PolicyTrainersCatalog.Algorithms.Single(a => a.Name == name).ContinuousOnly);
        var error = Assert.Throws<ArgumentException>(() => Fit(entry, Options(entry, steps: 5), BanditData.Discrete()));
        Assert.Contains("needs continuous actions", error.Message, StringComparison.Ordinal);
        Assert.Contains("bandit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Learns_a_bandit(string name, bool discrete)
    {
        var entry = AlgorithmList.Find(name);
        var model = Fit(entry, Options(entry, steps: 400), discrete ? BanditData.Discrete() : BanditData.Continuous());
        Assert.Equal(name, model.Algorithm);
        Assert.Equal(entry.LearnsValues, model.ValueNetworks.Count > 0);
        var greedy = new float[model.Policy.ChunkLength]; // a chunk policy answers h actions; the first is checked
        model.Policy.Act([1f], greedy);
        if (discrete)
        {
            var good = MathF.Exp(model.Policy.LogProb([1f], [0f]));
            if (entry.ImitatesData)
            {
                Assert.InRange(good, 0.4f, 0.6f);
            }
            else
            {
                Assert.Equal(0f, greedy[0]);
                Assert.True(good > 0.8f, $"{name}: p(a+) = {good}");
            }
        }
        else if (entry.ImitatesData)
        {
            Assert.InRange(greedy[0], -0.15f, 0.15f);
        }
        else
        {
            Assert.True(greedy[0] > 0.25f, $"{name}: greedy action {greedy[0]}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Exports_a_policy_onnx_runtime_scores_the_same(string name, bool discrete)
    {
        var entry = AlgorithmList.Find(name);
        var rl = new MLContext(5).OfflineRL();
        var data = discrete
            ? rl.Data.LoadNpz(TestData.CartPole, TestData.CartPoleOptions)
            : rl.Data.LoadNpz(TestData.Pendulum, new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.AllTruncated });
        var options = Options(entry, steps: 20);
        options.NormalizeObservations = true;
        var model = entry.CreateTrainer(rl.Trainers, With(options, topFraction: 0.2)).Fit(data).Model;
        var path = Path.Combine(Path.GetTempPath(), $"offlinerl-{name}-{discrete}-{Guid.NewGuid():N}.onnx");
        try
        {
            PolicyOnnxExporter.Export(model, path);
            using var onnx = OnnxPolicy.Load(path);
            Assert.Equal(name, onnx.Metadata["offlinerl.algorithm"]);
            foreach (var batch in new[] { 1, 64 })
            {
                var obs = data.Observations[..(batch * data.ObservationDimension)].ToArray();
                var expected = new float[batch * model.Policy.ChunkLength * model.Policy.ActionDimension];
                model.Policy.Act(obs, batch, expected);
                var actual = onnx.Act(obs, batch);
                Assert.Equal(expected.Length, actual.Length);
                for (var i = 0; i < expected.Length; i++)
                {
                    Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f, $"{name} batch {batch} row {i}: C# {expected[i]} vs ORT {actual[i]}");
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resuming_from_a_checkpoint_ends_bit_identical(string name, bool discrete)
    {
        var entry = AlgorithmList.Find(name);
        var data = discrete ? BanditData.Discrete() : BanditData.Continuous();
        var dir = Path.Combine(Path.GetTempPath(), $"offlinerl-conformance-{Guid.NewGuid():N}");
        try
        {
            var full = Fit(entry, Options(entry, steps: 60), data);
            var first = Options(entry, steps: 60);
            (first.Run.CheckpointEvery, first.Run.CheckpointDirectory) = (25, dir);
            Fit(entry, first, data);
            var resumed = Options(entry, steps: 60);
            resumed.Run.ResumeFrom = TrainingLoop.CheckpointPath(dir, 25);
            var again = Fit(entry, resumed, data);
            Assert.Equal(full.Policy.Weights(), again.Policy.Weights());
            Assert.Equal(full.ValueNetworks.Count, again.ValueNetworks.Count);
            for (var i = 0; i < full.ValueNetworks.Count; i++)
            {
                Assert.Equal(full.ValueNetworks[i].Parameters.ToArray(), again.ValueNetworks[i].Parameters.ToArray());
            }

            // A different seed must change the weights, or the comparison above proves nothing.
            var other = Options(entry, steps: 60);
            other.Seed = 2;
            Assert.NotEqual(full.Policy.Weights(), Fit(entry, other, data).Policy.Weights());
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Two_threads_are_deterministic_and_actor_critics_match_one_thread(string name, bool discrete)
    {
        // Layers wide enough (64) that the GEMMs would split their rows if a step plan's lanes did not keep them whole.
        var entry = AlgorithmList.Find(name);
        var data = discrete
            ? NpzDatasetLoader.Load(TestData.CartPole, new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.TerminalUnlessTimeLimit, TimeLimit = 500 })
            : NpzDatasetLoader.Load(TestData.Pendulum, new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.AllTruncated });
        PolicyModel Run(int threads)
        {
            var options = Options(entry, steps: 40);
            (options.HiddenSizes, options.LearningRate, options.Run.Threads) = ([64, 64], 1e-3f, threads);
            return Fit(entry, options, data);
        }

        var two = Run(2);
        AssertSameWeights(two, Run(2));

        // Algorithms with value networks run whole networks side by side (StepPlan), so the thread count cannot change
        // a bit; the cloners split one network's batch rows between the threads, which reorders its gradient sums.
        if (entry.LearnsValues)
        {
            AssertSameWeights(Run(1), two);
        }
    }

    private static void AssertSameWeights(PolicyModel expected, PolicyModel actual)
    {
        Assert.Equal(expected.Policy.Weights(), actual.Policy.Weights());
        Assert.Equal(expected.ValueNetworks.Count, actual.ValueNetworks.Count);
        for (var i = 0; i < expected.ValueNetworks.Count; i++)
        {
            Assert.Equal(expected.ValueNetworks[i].Parameters.ToArray(), actual.ValueNetworks[i].Parameters.ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Stops_on_a_non_finite_loss_naming_step_and_loss(string name, bool discrete)
    {
        var entry = AlgorithmList.Find(name);
        var options = Options(entry, steps: 200);
        options.LearningRate = 1e30f;
        var ex = Assert.Throws<TrainingDivergedException>(() => Fit(entry, options, discrete ? BanditData.Discrete() : BanditData.Continuous()));
        Assert.Contains($"step {ex.Step}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"the {ex.Loss} loss", ex.Message, StringComparison.Ordinal);
        Assert.InRange(ex.Step, 1, 200);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Steady_state_steps_allocate_nothing_at_one_and_two_threads(string name, bool discrete)
    {
        var entry = AlgorithmList.Find(name);
        var data = discrete ? BanditData.Discrete() : BanditData.Continuous();
        foreach (var threads in new[] { 1, 2 })
        {
            var trainer = entry.CreateTrainer(new MLContext(0).OfflineRL().Trainers, Options(entry, steps: 200));
            var algorithm = trainer.CreateAlgorithm(trainer.Prepare(data, 0), 0);
            var previous = NnThreading.SetScoped(threads);
            try
            {
                AssertNoAllocation(algorithm);
            }
            finally
            {
                NnThreading.RestoreScoped(previous);
            }
        }
    }

    /// <summary>Small, fast options every algorithm learns the bandit with (β = 3 for the advantage-weighted ones).</summary>
    internal static TrainerOptions Options(AlgorithmEntry entry, int steps)
    {
        var options = With(entry.NewOptions(), topFraction: 0.5, inverseTemperature: 3f);
        (options.Steps, options.BatchSize, options.HiddenSizes, options.LearningRate, options.Seed) = (steps, 64, [16, 16], 3e-3f, 1);

        // Continuous CQL's actor has a rate of its own (the paper's 1e-4): at the tests' few steps it moves with the critic's.
        if (options is CqlOptions cql)
        {
            cql.Continuous.ActorLearningRate = options.LearningRate;
        }

        options.NormalizeObservations = false;
        return options;
    }

    internal static PolicyModel Fit(AlgorithmEntry entry, TrainerOptions options, TrajectoryDataset data) =>
        entry.CreateTrainer(new MLContext(0).OfflineRL().Trainers, options).Fit(data).Model;

    /// <summary>
    /// <paramref name="options"/> with the settings only some algorithms have: the kept fraction of filtered BC, β of the
    /// advantage-weighted ones.
    /// </summary>
    internal static TrainerOptions With(TrainerOptions options, double? topFraction = null, float? inverseTemperature = null)
    {
        if (topFraction is { } fraction && options is FilteredBehaviorCloningOptions filtered)
        {
            filtered.TopFraction = fraction;
        }

        if (inverseTemperature is { } beta && options.GetType().GetProperty(nameof(IqlOptions.Weighting))?.GetValue(options) is AdvantageWeightingOptions weighting)
        {
            weighting.InverseTemperature = beta;
        }

        return options;
    }

    internal static void AssertNoAllocation(ITrainingAlgorithm algorithm)
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
