using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet.Algorithms.BehaviorCloning;

/// <summary>Options of filtered behavior cloning: behavior cloning of the top <see cref="TopFraction"/> of episodes by return.</summary>
public sealed class FilteredBehaviorCloningOptions : BehaviorCloningOptions
{
    /// <summary>Fraction of episodes kept, by undiscounted return, in (0, 1] (default 0.1).</summary>
    public double TopFraction { get; set; } = FilterTrajectoriesEstimator.DefaultTopFraction;

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors)
    {
        base.AddErrors(errors);
        if (!(TopFraction is > 0 and <= 1))
        {
            errors.Add($"{nameof(TopFraction)} must be in (0, 1] (got {TopFraction}).");
        }
    }
}
