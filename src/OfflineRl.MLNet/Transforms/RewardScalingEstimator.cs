using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Transforms;

/// <summary>Scales rewards: r' = r·scale + shift, with the scale given or fitted (see <see cref="RewardScalingMode"/>).</summary>
public sealed class RewardScalingEstimator : TrajectoryEstimator<RewardScalingTransformer>
{
    /// <summary>Numerator of the locomotion scale.</summary>
    public const double LocomotionTarget = 1000.0;

    /// <summary>Creates the estimator.</summary>
    public RewardScalingEstimator(Options? options = null)
        : base(options ??= new Options())
    {
        if (!float.IsFinite(options.Scale) || !float.IsFinite(options.Shift))
        {
            throw new ArgumentException($"Scale and shift must be finite (got {options.Scale}, {options.Shift}).", nameof(options));
        }

        Settings = options;
    }

    /// <summary>The settings.</summary>
    public Options Settings { get; }

    private protected override RewardScalingTransformer Fit(TrajectoryDataset data)
    {
        if (Settings.Mode == RewardScalingMode.Affine)
        {
            return new RewardScalingTransformer(Settings, Settings.Scale);
        }

        return new RewardScalingTransformer(Settings, LocomotionScale(data));
    }

    /// <summary>The scale <see cref="RewardScalingMode.Locomotion"/> fits: 1000 / (max − min) of the episodes' returns (the IQL paper's rule for D4RL locomotion).</summary>
    /// <param name="data">The dataset.</param>
    /// <exception cref="InvalidOperationException">When every episode has the same return.</exception>
    public static float LocomotionScale(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var returns = Returns.EpisodeReturns(data);
        var spread = returns.Max() - returns.Min();
        if (spread <= 0)
        {
            throw new InvalidOperationException(
                $"{data.Source}: every episode has the same return ({returns[0]:G6}), so locomotion scaling 1000/(max − min) is undefined; use affine scaling.");
        }

        return (float)(LocomotionTarget / spread);
    }

    private protected override IEnumerable<string> AddedColumns(Func<string, bool> inputHas) => [Settings.RewardColumnName];

    /// <summary>Options of <see cref="RewardScalingEstimator"/>.</summary>
    public sealed class Options : TrajectoryColumnOptions
    {
        /// <summary>Affine (given numbers, the default) or Locomotion (fitted scale).</summary>
        public RewardScalingMode Mode { get; set; } = RewardScalingMode.Affine;

        /// <summary>Multiplier in affine mode (default 1).</summary>
        public float Scale { get; set; } = 1f;

        /// <summary>Added after scaling (default 0).</summary>
        public float Shift { get; set; }
    }
}

/// <summary>Replaces the reward column with r' = r·<see cref="Scale"/> + <see cref="Shift"/>.</summary>
public sealed class RewardScalingTransformer : TrajectoryTransformer
{
    private readonly RewardScalingEstimator.Options _settings;

    internal RewardScalingTransformer(RewardScalingEstimator.Options options, float scale)
        : base(options)
    {
        _settings = options;
        Scale = scale;
    }

    /// <summary>Multiplier (given, or fitted in locomotion mode).</summary>
    public float Scale { get; }

    /// <summary>Added after scaling.</summary>
    public float Shift => _settings.Shift;

    private protected override IEnumerable<string> AddedColumns(Func<string, bool> inputHas) => [_settings.RewardColumnName];

    private protected override TrajectoryDataset Apply(TrajectoryDataset data)
    {
        var rewards = data.Rewards;
        var scaled = new float[rewards.Length];
        for (var i = 0; i < scaled.Length; i++)
        {
            scaled[i] = (rewards[i] * Scale) + Shift;
        }

        return data.WithRewards(scaled);
    }

    private protected override float[] ValuesOf(TrajectoryDataset result, string column) => result.Rewards.ToArray();
}
