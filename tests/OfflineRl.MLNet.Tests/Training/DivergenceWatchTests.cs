using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.Cql;
using OfflineRl.MLNet.Tests.Algorithms;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Tests.Training;

public sealed class DivergenceWatchTests
{
    [Fact]
    public void A_diverging_critic_is_diagnosed_in_the_mlcontext_log_before_the_nan_stop()
    {
        var ml = new MLContext(0);
        var messages = new List<string>();
        ml.Log += (_, e) =>
        {
            lock (messages)
            {
                messages.Add(e.Message);
            }
        };
        var options = new CqlOptions { Steps = 200, BatchSize = 64, HiddenSizes = [16, 16], LearningRate = 1e30f, Seed = 1, NormalizeObservations = false };
        var error = Assert.Throws<TrainingDivergedException>(() => ml.OfflineRL().Trainers.Cql(options).Fit(BanditData.Discrete()));
        var diagnosis = Assert.Single(messages, m => m.Contains("beyond r_max/(1 − γ)", StringComparison.Ordinal));
        Assert.Contains("CQL: at step ", diagnosis, StringComparison.Ordinal);
        Assert.Contains("r_max = 1", diagnosis, StringComparison.Ordinal);
        Assert.Contains("learning rate", diagnosis, StringComparison.Ordinal);
        Assert.Contains("α (Alpha)", diagnosis, StringComparison.Ordinal);
        Assert.Contains("reward", diagnosis, StringComparison.Ordinal);

        // The step it names is no later than the stop.
        var step = int.Parse(diagnosis.Split("at step ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(step, 1, error.Step);
    }

    [Theory]
    [InlineData("iql", true)]
    [InlineData("td3bc", false)]
    [InlineData("bcq", true)]
    public void The_other_critics_are_watched_too(string name, bool discrete)
    {
        var ml = new MLContext(0);
        var messages = new List<string>();
        ml.Log += (_, e) =>
        {
            lock (messages)
            {
                messages.Add(e.Message);
            }
        };
        var entry = AlgorithmList.Find(name);
        var options = AlgorithmConformanceTests.Options(entry, steps: 200);
        options.LearningRate = 1e30f;
        Assert.Throws<TrainingDivergedException>(() => entry.CreateTrainer(ml.OfflineRL().Trainers, options).Fit(discrete ? BanditData.Discrete() : BanditData.Continuous()));
        Assert.Contains(messages, m => m.Contains("beyond r_max/(1 − γ)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_healthy_run_says_nothing_and_a_loss_that_keeps_doubling_is_reported_once()
    {
        var ml = new MLContext(0);
        var messages = new List<string>();
        ml.Log += (_, e) =>
        {
            lock (messages)
            {
                messages.Add(e.Message);
            }
        };
        var options = new CqlOptions { Steps = 300, BatchSize = 64, HiddenSizes = [16, 16], LearningRate = 3e-3f, Seed = 1, NormalizeObservations = false };
        ml.OfflineRL().Trainers.Cql(options).Fit(BanditData.Discrete());
        Assert.DoesNotContain(messages, m => m.Contains("diverging", StringComparison.Ordinal));

        var watch = new DivergenceWatch("X", BanditData.Discrete(), 0.99f, "knob");
        var loss = 1.0;
        for (var step = 0; step < DivergenceWatch.Window * (DivergenceWatch.GrowingWindows + 1); step++)
        {
            if (step % DivergenceWatch.Window == 0)
            {
                loss *= 3;
            }

            watch.Observe(step, 1f, loss);
            var message = watch.Take();
            if (step == (DivergenceWatch.Window * (DivergenceWatch.GrowingWindows + 1)) - 1)
            {
                Assert.NotNull(message);
                Assert.Contains("TD loss has more than doubled", message, StringComparison.Ordinal);
            }
            else
            {
                Assert.Null(message);
            }
        }
    }
}
