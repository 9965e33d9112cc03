using Microsoft.ML;
using OfflineRl.MLNet.Algorithms;
using OfflineRl.MLNet.Algorithms.Awr;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Algorithms.Marwil;
using OfflineRl.MLNet.Algorithms.Rwr;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Algorithms;

/// <summary>RWR and MARWIL: the advantage weighting with the return as the advantage, and with a running advantage scale.</summary>
public sealed class WeightedLikelihoodTests
{
    private static TrajectoryDataset CartPole() =>
        NpzDatasetLoader.Load(TestData.CartPole, new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.TerminalUnlessTimeLimit, TimeLimit = 500 });

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Marwil_with_beta_zero_trains_bit_identical_weights_to_behavior_cloning(int threads)
    {
        var data = CartPole();
        var bc = new BehaviorCloningOptions { Steps = 60, BatchSize = 128, HiddenSizes = [64, 64], LearningRate = 1e-3f, Seed = 3 };
        var marwil = new MarwilOptions { Steps = 60, BatchSize = 128, HiddenSizes = [64, 64], LearningRate = 1e-3f, Seed = 3, ValueSteps = 50, Weighting = { InverseTemperature = 0f } };
        (bc.Run.Threads, marwil.Run.Threads) = (threads, threads);
        var rl = new MLContext(0).OfflineRL().Trainers;
        var expected = rl.BehaviorCloning(bc).Fit(data).Model.Policy.Weights();
        var actual = rl.Marwil(marwil).Fit(data).Model;
        Assert.Equal("marwil", actual.Algorithm);
        Assert.Equal(expected, actual.Policy.Weights());

        // β > 0 does change them.
        marwil.Weighting.InverseTemperature = 1f;
        Assert.NotEqual(expected, rl.Marwil(marwil).Fit(data).Model.Policy.Weights());
    }

    [Fact]
    public void Rwr_weights_are_exp_of_beta_times_the_return_up_to_one_constant_factor()
    {
        float[] returns = [3f, 7f, 1f, 7f];
        var w = new float[4];
        AdvantageWeighting.ReturnWeights(returns, 0.5f, AdvantageWeighting.DefaultMaxWeight, w);
        for (var i = 0; i < returns.Length; i++)
        {
            // w_i / w_j = exp(β·(G_i − G_j)): no baseline, and the best return's weight is 1.
            Assert.Equal(Math.Exp(0.5 * (returns[i] - 7)), w[i], 1e-6);
        }

        AdvantageWeighting.ReturnWeights(returns, 0f, AdvantageWeighting.DefaultMaxWeight, w);
        Assert.All(w, x => Assert.Equal(1f, x));
    }

    [Fact]
    public void Rwr_trainer_weights_each_step_by_its_return_to_go()
    {
        var data = BanditData.Discrete();
        var trainer = (IPolicyTrainer)new MLContext(0).OfflineRL().Trainers.Rwr(new RwrOptions { Weighting = { InverseTemperature = 2f }, NormalizeObservations = false });
        var prepared = trainer.Prepare(data, 0);
        var g = prepared.GetColumn(ColumnNames.ReturnToGo);
        var w = prepared.GetColumn(ColumnNames.Weight);
        for (var i = 0; i < data.Count; i++)
        {
            Assert.Equal(MathF.Exp(2f * (g[i] - 1f)), w[i], 1e-6f);
        }
    }

    [Fact]
    public void Advantage_scale_is_a_moving_average_of_the_mean_squared_advantage()
    {
        var scale = new AdvantageScale(0.5);
        scale.Update([2f, -2f]);   // first batch sets c² = 4
        Assert.Equal(4.0, scale.MeanSquare);
        scale.Update([0f, 0f]);    // c² ← 4 + 0.5·(0 − 4) = 2
        Assert.Equal(2.0, scale.MeanSquare);
        Assert.Equal(Math.Sqrt(2) + 1e-8, scale.Scale, 1e-6);

        var w = new float[2];
        AdvantageWeighting.ScaledBatchWeights([1f, -1f], 2f, 0.5f, 100f, w);
        Assert.Equal(MathF.Exp(4f), w[0]);
        Assert.Equal(MathF.Exp(-4f), w[1]);

        var zero = new AdvantageScale(0.1);
        zero.Update([0f, 0f]);
        AdvantageWeighting.ScaledBatchWeights([0f, 0f], 0f, zero.Scale, 100f, w);
        Assert.All(w, x => Assert.Equal(1f, x));
    }

    [Fact]
    public void Options_validation_lists_every_failure()
    {
        var marwil = new MarwilOptions { Weighting = { InverseTemperature = -1f }, ScaleUpdateRate = 0f, ValueSteps = -1 };
        var ex = Assert.Throws<InvalidOptionsException>(() => new MLContext(0).OfflineRL().Trainers.Marwil(marwil));
        foreach (var name in new[] { "Weighting.InverseTemperature", "ScaleUpdateRate", "ValueSteps" })
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }

        var rwr = new RwrOptions { Weighting = { MaxWeight = 0f } };
        Assert.Contains("Weighting.MaxWeight", Assert.Throws<InvalidOptionsException>(() => new MLContext(0).OfflineRL().Trainers.Rwr(rwr)).Message, StringComparison.Ordinal);
    }
}
