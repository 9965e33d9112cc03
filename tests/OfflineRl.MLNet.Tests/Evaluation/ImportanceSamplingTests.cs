using OfflineRl.MLNet.Evaluation;

namespace OfflineRl.MLNet.Tests.Evaluation;

/// <summary>
/// Two episodes, γ = 0.5, computed by hand. Episode 0: rewards 1, 1 with ratios 2, 0.5 (weights 2, 1); return 1.5;
/// per-decision sum 2·1 + 0.5·1·1 = 2.5. Episode 1: reward 2 with ratio 0.5 (weight 0.5); return 2; per-decision 1.
/// </summary>
public sealed class ImportanceSamplingTests
{
    private static ImportanceSampling Weights() =>
        new([0, 2, 3], [1, 1, 2], [Math.Log(2), Math.Log(0.5), Math.Log(0.5)], 0.5);

    // Q̂(s, a) and V̂(s) per row for the doubly robust estimates.
    private static readonly double[] Q = [1, 0.5, 1];
    private static readonly double[] V = [2, 1, 1.5];

    [Fact]
    public void Trajectory_estimates_match_the_hand_computation()
    {
        var w = Weights();
        Assert.Equal([2, 1, 0.5], w.Weights);
        Assert.Equal(1.25, w.Trajectory([]), 12);                      // (1·1.5 + 0.5·2) / 2
        Assert.Equal(2.5 / 1.5, w.WeightedTrajectory([]), 12);         // 2.5 / (1 + 0.5)
        Assert.Equal(1.8, w.EffectiveSampleSize(), 12);                // 1.5² / (1² + 0.5²)
        Assert.Equal(1.5, w.Trajectory([2, 0]), 12);                   // episode 0 twice
    }

    [Fact]
    public void Per_decision_estimates_match_the_hand_computation()
    {
        var w = Weights();
        Assert.Equal(1.75, w.PerDecisionEstimate([]), 12);             // (2.5 + 1) / 2
        // t = 0: (2·1 + 0.5·2)/(2 + 0.5) = 1.2; t = 1: 1·1/(1 + 0.5 padded) = 2/3, times γ = 0.5.
        Assert.Equal(1.2 + (0.5 * 2 / 3), w.WeightedPerDecision([]), 12);
        Assert.Equal(2, w.WeightedPerDecision([0, 1]), 12);            // episode 1 alone: 0.5·2 / 0.5
    }

    [Fact]
    public void Doubly_robust_estimates_match_the_hand_computation()
    {
        var w = Weights();
        // Episode 0: 2·(1 − 1) + 1·2 = 2, then 0.5·(1·(1 − 0.5) + 2·1) = 1.25 → 3.25. Episode 1: 0.5·(2 − 1) + 1.5 = 2.
        Assert.Equal([3.25, 2], DoublyRobust.PerEpisode(w, Q, V));
        // t = 0: (3 − 2.5)/2.5 + (2 + 1.5)/2 = 1.95; t = 1: (1 − 0.5)/1.5 + 2·1/2.5 = 1/3 + 0.8, times γ.
        Assert.Equal(1.95 + (0.5 * ((1.0 / 3) + 0.8)), DoublyRobust.Weighted(w, Q, V, []), 12);
        // With a zero model, weighted DR is weighted per-decision IS.
        Assert.Equal(w.WeightedPerDecision([]), DoublyRobust.Weighted(w, new double[3], new double[3], []), 12);
    }

    [Fact]
    public void Jackknife_of_weighted_IS_leaves_each_episode_out()
    {
        var w = Weights();
        Assert.Equal([2.0, 1.5], w.JackknifeOfWeightedTrajectory());   // (1·2)/0.5 without episode 0; 1.5/1 without 1
        Assert.Equal([2.0, 1.0], ImportanceSampling.JackknifeOfMean([1.0, 2.0]));
    }
}
