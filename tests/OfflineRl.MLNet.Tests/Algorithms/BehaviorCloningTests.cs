using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Algorithms;

public sealed class BehaviorCloningTests
{
    private static BehaviorCloningOptions Small(int steps = 300) => new() { Steps = steps, BatchSize = 64, HiddenSizes = [32, 32], LearningRate = 1e-3f };

    [Fact]
    public void Cartpole_bc_agrees_with_the_expert_on_most_steps()
    {
        var rl = new MLContext(0).OfflineRL();
        var data = rl.Data.LoadNpz(TestData.CartPole, TestData.CartPoleOptions);
        var model = rl.Trainers.BehaviorCloning(Small(1500)).Fit(data).Model;
        var agree = 0;
        var obs = data.Observations;
        var actions = new float[data.Count];
        model.Policy.Act(obs, data.Count, actions);
        for (var i = 0; i < data.Count; i++)
        {
            agree += (int)actions[i] == data.DiscreteActions[i] ? 1 : 0;
        }

        // The policy folds the normalizer in, so it acts on raw observations.
        Assert.True(agree > 0.9 * data.Count, $"agreement {agree}/{data.Count}");
    }

    [Fact]
    public void Same_seed_gives_bit_identical_weights()
    {
        var data = TestData.FromRewards([1f, 2f, 3f], [0f, 1f]);
        var a = Native.Bc(Small(50), contextSeed: 7).Fit(data).Policy.Weights();
        var b = Native.Bc(Small(50), contextSeed: 7).Fit(data).Policy.Weights();
        var c = Native.Bc(Small(50), contextSeed: 8).Fit(data).Policy.Weights();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Two_threads_are_deterministic_and_learn_what_one_thread_learns()
    {
        // With 2 threads the policy network splits each batch's rows across the threads: the same seed and thread
        // count give the same bits, and the weights stay within float rounding drift of the 1-thread run.
        var data = NpzDatasetLoader.Load(TestData.Pendulum, new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.AllTruncated });
        BehaviorCloningOptions Options(int threads) => new() { Steps = 30, BatchSize = 128, HiddenSizes = [64, 64], LearningRate = 1e-3f, Run = { Threads = threads } };
        var one = Native.Bc(Options(1), contextSeed: 7).Fit(data).Policy.Weights();
        var two = Native.Bc(Options(2), contextSeed: 7).Fit(data).Policy.Weights();
        var twoAgain = Native.Bc(Options(2), contextSeed: 7).Fit(data).Policy.Weights();
        Assert.Equal(two, twoAgain);
        Assert.NotEqual(one, two); // the halves' gradient terms are added in another order
        var maxDiff = one.Zip(two, (x, y) => MathF.Abs(x - y)).Max();
        Assert.True(maxDiff < 1e-3f, $"1- and 2-thread weights differ by {maxDiff}");
    }

    [Fact]
    public void Options_validation_lists_all_failures()
    {
        var options = new BehaviorCloningOptions { Steps = 0, BatchSize = -1, LearningRate = float.NaN, Run = { Threads = 0, CheckpointEvery = 5 } };
        var ex = Assert.Throws<InvalidOptionsException>(options.Validate);
        foreach (var name in new[] { "Steps", "BatchSize", "LearningRate", "Threads", "CheckpointDirectory" })
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(nameof(BehaviorCloningOptions), ex.OptionsName);
        Assert.Equal(["Steps", "BatchSize", "LearningRate", "Run.Threads", "Run.CheckpointDirectory"], ex.Errors.Select(e => e[..e.IndexOf(' ', StringComparison.Ordinal)]));
    }

    [Fact]
    public void Saved_model_loads_and_acts_the_same()
    {
        var rl = new MLContext(3).OfflineRL();
        var data = rl.Data.LoadNpz(TestData.Pendulum, new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.AllTruncated });
        var model = rl.Trainers.BehaviorCloning(Small(40)).Fit(data).Model;
        var dir = Path.Combine(Path.GetTempPath(), $"offlinerl-model-{Guid.NewGuid():N}");
        try
        {
            model.Save(dir);
            var back = PolicyModel.Load(dir);
            Assert.Equal("bc", back.Algorithm);
            Assert.Equal(model.DataHash, back.DataHash);
            var x = new float[3];
            var y = new float[3];
            model.Policy.Act(data.Observations[..9], 3, x);
            back.Policy.Act(data.Observations[..9], 3, y);
            Assert.Equal(x, y);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
