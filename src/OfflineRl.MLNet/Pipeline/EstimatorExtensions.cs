using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet;

/// <summary><c>Append</c> on any estimator, as ML.NET writes pipelines.</summary>
public static class EstimatorExtensions
{
    /// <summary>A two-step chain: <paramref name="first"/>, then <paramref name="next"/>.</summary>
    public static TrajectoryEstimatorChain<TNext> Append<TNext>(this ITrajectoryEstimator<ITrajectoryTransformer> first, ITrajectoryEstimator<TNext> next)
        where TNext : class, ITrajectoryTransformer
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(next);
        return new TrajectoryEstimatorChain<TNext>([first, next]);
    }
}
