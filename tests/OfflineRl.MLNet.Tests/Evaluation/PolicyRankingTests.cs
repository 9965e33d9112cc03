using OfflineRl.MLNet.Evaluation;

namespace OfflineRl.MLNet.Tests.Evaluation;

public sealed class PolicyRankingTests
{
    [Fact]
    public void Spearman_correlation_matches_the_hand_computation()
    {
        Assert.Equal(1, PolicyRanking.SpearmanCorrelation([1.0, 2, 3, 4], [10.0, 20, 30, 40]), 12);
        Assert.Equal(-1, PolicyRanking.SpearmanCorrelation([1.0, 2, 3, 4], [4.0, 3, 2, 1]), 12);
        // Ranks (1, 2, 3, 4) against (2, 1, 4, 3): Σd² = 4, 1 − 6·4/(4·15) = 0.6.
        Assert.Equal(0.6, PolicyRanking.SpearmanCorrelation([1.0, 2, 3, 4], [2.0, 1, 4, 3]), 12);
        // Ties share their average rank: (1, 2.5, 2.5, 4) against (1, 2, 3, 4) → 0.9487 (Pearson of the ranks: 4.5/√(4.5·5)).
        Assert.Equal(4.5 / Math.Sqrt(4.5 * 5), PolicyRanking.SpearmanCorrelation([1.0, 5, 5, 9], [1.0, 2, 3, 4]), 12);
        Assert.Equal([1, 2.5, 2.5, 4], PolicyRanking.Ranks([1.0, 5, 5, 9]));
    }

    [Fact]
    public void Regret_at_one_is_the_chosen_policys_shortfall_over_the_range()
    {
        // The estimates pick policy 1 (true 80); best 100, worst 0: regret 0.2.
        Assert.Equal(0.2, PolicyRanking.RegretAtOne([1.0, 9, 3], [0.0, 80, 100]), 12);
        Assert.Equal(0, PolicyRanking.RegretAtOne([1.0, 2, 3], [0.0, 80, 100]), 12);
        Assert.Throws<ArgumentException>(() => PolicyRanking.RegretAtOne([1.0], [1.0]));
    }
}
