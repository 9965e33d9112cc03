using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Tests.Data;

public sealed class ActionSpaceTests
{
    [Fact]
    public void Continuous_bounds_must_match_dimension()
    {
        var ex = Assert.Throws<ArgumentException>(() => ActionSpace.Continuous(2, [0f], [1f]));
        Assert.Contains("2 values", ex.Message);
    }

    [Fact]
    public void Equality_compares_bounds()
    {
        Assert.Equal(ActionSpace.Continuous(1, [-2f], [2f]), ActionSpace.Continuous(1, [-2f], [2f]));
        Assert.NotEqual(ActionSpace.Continuous(1, [-2f], [2f]), ActionSpace.Continuous(1, [-1f], [2f]));
        Assert.Equal("Discrete(3)", ActionSpace.Discrete(3).ToString());
    }
}
