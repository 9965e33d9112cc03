using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Pipeline;

/// <summary>
/// An unfitted pipeline built with <c>Append</c>. Fitting fits each estimator on the output of the previous
/// fitted transformers, as ML.NET's <c>EstimatorChain</c> does.
/// </summary>
/// <typeparam name="TLast">Type of the last fitted transformer.</typeparam>
public sealed class TrajectoryEstimatorChain<TLast> : ITrajectoryEstimator<TrajectoryTransformerChain<TLast>>
    where TLast : class, ITrajectoryTransformer
{
    private readonly IReadOnlyList<ITrajectoryEstimator<ITrajectoryTransformer>> _estimators;

    internal TrajectoryEstimatorChain(IReadOnlyList<ITrajectoryEstimator<ITrajectoryTransformer>> estimators) => _estimators = estimators;

    /// <summary>The estimators in order.</summary>
    public IReadOnlyList<ITrajectoryEstimator<ITrajectoryTransformer>> Estimators => _estimators;

    /// <summary>A new chain with <paramref name="estimator"/> appended.</summary>
    public TrajectoryEstimatorChain<TNew> Append<TNew>(ITrajectoryEstimator<TNew> estimator)
        where TNew : class, ITrajectoryTransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return new TrajectoryEstimatorChain<TNew>([.. _estimators, estimator]);
    }

    /// <inheritdoc />
    public TrajectoryTransformerChain<TLast> Fit(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var fitted = new List<ITrajectoryTransformer>(_estimators.Count);
        for (var i = 0; i < _estimators.Count; i++)
        {
            var transformer = _estimators[i].Fit(data);
            fitted.Add(transformer);
            if (i < _estimators.Count - 1)
            {
                data = transformer.Transform(data);
            }
        }

        return new TrajectoryTransformerChain<TLast>(fitted);
    }
}
