using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Transforms;

/// <summary>Scales rewards: r' = r·scale + shift, with the scale given or fitted (see <see cref="RewardScalingMode"/>).</summary>
public sealed class RewardScalingEstimator : ITrajectoryEstimator<RewardScalingTransformer>
{
    /// <summary>Numerator of the locomotion scale.</summary>
    public const double LocomotionTarget = 1000.0;

    /// <summary>Creates the estimator.</summary>
    /// <param name="mode">Affine (given numbers) or Locomotion (fitted scale).</param>
    /// <param name="scale">Multiplier for <see cref="RewardScalingMode.Affine"/>.</param>
    /// <param name="shift">Added after scaling.</param>
    public RewardScalingEstimator(RewardScalingMode mode = RewardScalingMode.Affine, float scale = 1f, float shift = 0f)
    {
        if (!float.IsFinite(scale) || !float.IsFinite(shift))
        {
            throw new ArgumentException($"Scale and shift must be finite (got {scale}, {shift}).");
        }

        Mode = mode;
        Scale = scale;
        Shift = shift;
    }

    /// <summary>The mode.</summary>
    public RewardScalingMode Mode { get; }

    /// <summary>Multiplier in affine mode.</summary>
    public float Scale { get; }

    /// <summary>Added after scaling.</summary>
    public float Shift { get; }

    /// <inheritdoc />
    public RewardScalingTransformer Fit(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Mode == RewardScalingMode.Affine)
        {
            return new RewardScalingTransformer(Scale, Shift);
        }

        var returns = Returns.EpisodeReturns(data);
        var spread = returns.Max() - returns.Min();
        if (spread <= 0)
        {
            throw new InvalidOperationException(
                $"{data.Source}: every episode has the same return ({returns[0]:G6}), so locomotion scaling 1000/(max − min) is undefined; use affine scaling.");
        }

        return new RewardScalingTransformer((float)(LocomotionTarget / spread), Shift);
    }
}
