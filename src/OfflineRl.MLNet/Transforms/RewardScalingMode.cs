namespace OfflineRl.MLNet.Transforms;

/// <summary>How <see cref="RewardScalingEstimator"/> sets its scale.</summary>
public enum RewardScalingMode
{
    /// <summary>r' = r·Scale + Shift with the given numbers.</summary>
    Affine,

    /// <summary>
    /// IQL's locomotion scaling: r' = r·1000 / (max − min episode return) (+ Shift), fitted on the data.
    /// Kostrikov et al. 2021, appendix B: https://arxiv.org/abs/2110.06169 .
    /// </summary>
    Locomotion,
}
