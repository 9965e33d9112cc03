namespace OfflineRl.MLNet.Transforms;

/// <summary>How <see cref="FilterTrajectoriesEstimator"/> chooses episodes.</summary>
public enum FilterCriterion
{
    /// <summary>Keep the best max(1, ⌈fraction·N⌉) episodes by return.</summary>
    TopFraction,

    /// <summary>Keep the best <c>count</c> episodes by return.</summary>
    TopCount,

    /// <summary>Keep every episode whose return is at least a threshold.</summary>
    MinReturn,
}
