using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Transforms;

/// <summary>
/// Fits per-dimension mean and std of the observations (population std plus ε = 1e-3, as in the IQL
/// reference code) and normalizes observations and next observations: x' = (x − μ) / (σ + ε).
/// </summary>
public sealed class ObservationNormalizerEstimator : ITrajectoryEstimator<ObservationNormalizerTransformer>
{
    /// <summary>Default ε added to the std.</summary>
    public const float DefaultEpsilon = 1e-3f;

    /// <summary>Creates the estimator.</summary>
    /// <param name="epsilon">Added to every std, &gt; 0.</param>
    public ObservationNormalizerEstimator(float epsilon = DefaultEpsilon)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        Epsilon = epsilon;
    }

    /// <summary>ε added to the std.</summary>
    public float Epsilon { get; }

    /// <inheritdoc />
    public ObservationNormalizerTransformer Fit(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var d = data.ObservationDimension;
        var sum = new double[d];
        var sumSq = new double[d];
        var obs = data.Observations;
        for (var i = 0; i < obs.Length; i++)
        {
            sum[i % d] += obs[i];
        }

        var n = data.Count;
        var mean = sum.Select(s => s / n).ToArray();
        for (var i = 0; i < obs.Length; i++)
        {
            var c = obs[i] - mean[i % d];
            sumSq[i % d] += c * c;
        }

        var std = sumSq.Select(s => (float)(Math.Sqrt(s / n) + Epsilon)).ToArray();
        return new ObservationNormalizerTransformer(new ObservationNormalization(mean.Select(m => (float)m).ToArray(), std));
    }
}
