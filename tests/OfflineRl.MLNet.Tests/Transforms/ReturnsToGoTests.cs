using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet.Tests.Transforms;

public sealed class ReturnsToGoTests
{
    [Fact]
    public void Undiscounted_returns_to_go_are_suffix_sums()
    {
        var data = TestData.FromRewards([1f, 2f, 3f], [5f, -1f, 0f, 2f]);
        var g = Native.Transforms.ReturnsToGo(1f).Fit(data).Transform(data).AsDataset().GetColumn(ColumnNames.ReturnToGo).ToArray();
        Assert.Equal([6f, 5f, 3f, 6f, 1f, 2f, 2f], g);
    }

    [Fact]
    public void Discounted_returns_to_go_match_hand_computation()
    {
        // Episode [1, 2, 3, 4, 5], γ = 0.99:
        // G4 = 5; G3 = 4 + 0.99·5 = 8.95; G2 = 3 + 0.99·8.95 = 11.8605;
        // G1 = 2 + 0.99·11.8605 = 13.741895; G0 = 1 + 0.99·13.741895 = 14.60447605
        var data = TestData.FromRewards([1f, 2f, 3f, 4f, 5f]);
        var g = Native.Transforms.ReturnsToGo(0.99f).Fit(data).Transform(data).AsDataset().GetColumn(ColumnNames.ReturnToGo).ToArray();
        double[] expected = [14.60447605, 13.741895, 11.8605, 8.95, 5];
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(expected[i], g[i], 1e-4);
        }
    }

    [Fact]
    public void Truncated_episodes_do_not_bootstrap()
    {
        // Monte-Carlo returns stop at the episode's last logged step whether it was terminal or truncated.
        var terminal = TestData.FromRewards([1f, 1f, 1f]);
        var truncated = TestData.FromRewards([[1f, 1f, 1f]], truncatedEpisodes: [0]);
        Assert.True(truncated.IsTruncated[2]);
        var a = Returns.ReturnsToGo(terminal, 0.5);
        var b = Returns.ReturnsToGo(truncated, 0.5);
        Assert.Equal([1.75f, 1.5f, 1f], a);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Episode_returns_are_undiscounted_unless_a_discount_is_given()
    {
        var data = TestData.FromRewards([1f, 2f], [4f]);
        Assert.Equal([3.0, 4.0], Returns.EpisodeReturns(data));
        Assert.Equal([2.0, 4.0], Returns.EpisodeReturns(data, 0.5));
    }

    [Fact]
    public void Discount_outside_unit_interval_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Native.Transforms.ReturnsToGo(1.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => Native.Transforms.ReturnsToGo(float.NaN));
    }
}
