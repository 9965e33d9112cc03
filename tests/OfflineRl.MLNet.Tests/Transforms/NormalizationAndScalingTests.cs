using Microsoft.ML;
using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Tests.Transforms;

public sealed class NormalizationAndScalingTests
{
    private static TrajectoryDataset TwoDim()
    {
        var b = new TrajectoryDatasetBuilder("norm", 2);
        b.AddStep(0, [1f, 10f], 0, 1f, false, false, [2f, 20f]);
        b.AddStep(0, [3f, 10f], 0, 2f, true, false, [4f, 20f]);
        b.AddStep(1, [5f, 10f], 1, 3f, false, true, [6f, 20f]);
        return b.Build();
    }

    [Fact]
    public void Normalizer_fits_population_mean_and_std_plus_epsilon()
    {
        var t = ObservationNormalization.Fit(TwoDim());
        Assert.Equal(3f, t.Mean[0], 6);
        Assert.Equal(10f, t.Mean[1], 6);
        Assert.Equal((float)(Math.Sqrt(8.0 / 3.0) + 1e-3), t.Std[0], 6);
        Assert.Equal(1e-3f, t.Std[1], 6);
    }

    [Fact]
    public void Normalizer_round_trips_and_records_itself_on_the_data()
    {
        var data = TwoDim();
        var t = ObservationNormalization.Fit(data);
        var normalized = t.Normalize(data);
        Assert.Same(t, normalized.ObservationNormalization);
        var back = new float[2];
        for (var r = 0; r < data.Count; r++)
        {
            t.Invert(normalized.GetObservation(r), back);
            Assert.Equal(data.GetObservation(r)[0], back[0], 4);
            Assert.Equal(data.GetObservation(r)[1], back[1], 4);
        }

        Assert.Equal((2f - 3f) / t.Std[0], normalized.NextObservations[0], 5);
        Assert.Equal(data.Rewards.ToArray(), normalized.Rewards.ToArray());
    }

    [Fact]
    public void Normalizing_twice_composes_into_one_map_from_raw_units()
    {
        var data = TwoDim();
        var once = ObservationNormalization.Fit(data).Normalize(data);
        var twice = ObservationNormalization.Fit(once, 0.5f).Normalize(once);
        var composed = twice.ObservationNormalization!;
        Span<float> y = stackalloc float[2];
        composed.Apply(data.GetObservation(2), y);
        Assert.Equal(twice.GetObservation(2)[0], y[0], 4);
        Assert.Equal(twice.GetObservation(2)[1], y[1], 4);
    }

    [Fact]
    public void Affine_reward_scaling_multiplies_then_shifts()
    {
        var data = TwoDim();
        var scaled = new MLContext().OfflineRL().Transforms.ScaleRewards(2f, -1f).Fit(data).Transform(data).AsDataset();
        Assert.Equal([1f, 3f, 5f], scaled.Rewards.ToArray());
    }

    [Fact]
    public void Locomotion_scaling_uses_the_spread_of_episode_returns()
    {
        var data = TestData.FromRewards([1f, 2f], [10f], [0.5f]);
        var t = new MLContext().OfflineRL().Transforms.ScaleRewardsForLocomotion().Fit(data);
        Assert.Equal(1000f / 9.5f, t.Scale, 3);
        Assert.Equal(1000f / 9.5f * 10f, t.Transform(data).AsDataset().Rewards[2], 2);
    }

    [Fact]
    public void Locomotion_scaling_with_equal_returns_is_an_error()
    {
        var data = TestData.FromRewards([1f], [1f]);
        Assert.Throws<InvalidOperationException>(() => new MLContext().OfflineRL().Transforms.ScaleRewardsForLocomotion().Fit(data));
    }
}
