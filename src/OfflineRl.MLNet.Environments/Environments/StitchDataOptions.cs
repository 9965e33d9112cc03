namespace OfflineRl.MLNet.Environments;

/// <summary>
/// The recipe of the stitching datasets: how many planner episodes, how noisy, and the share of each
/// <see cref="StitchSegment"/>. Defaults send most hub traffic to the dead end or back to the start.
/// </summary>
public sealed class StitchDataOptions
{
    /// <summary>Default <see cref="EpisodeCount"/>.</summary>
    public const int DefaultEpisodeCount = 500;

    /// <summary>Default <see cref="RandomActionProbability"/>: 20% random actions.</summary>
    public const double DefaultRandomActionProbability = 0.2;

    /// <summary>Default <see cref="NoiseScale"/> (point maze only).</summary>
    public const double DefaultNoiseScale = 0.1;

    /// <summary>Default <see cref="MaxEpisodeSteps"/>.</summary>
    public const int DefaultMaxEpisodeSteps = 200;

    /// <summary>Default share of <see cref="StitchSegment.StartToHub"/> episodes.</summary>
    public const double DefaultStartToHubWeight = 0.35;

    /// <summary>Default share of <see cref="StitchSegment.HubToGoal"/> episodes.</summary>
    public const double DefaultHubToGoalWeight = 0.15;

    /// <summary>Default share of <see cref="StitchSegment.HubToDeadEnd"/> episodes.</summary>
    public const double DefaultHubToDeadEndWeight = 0.30;

    /// <summary>Default share of <see cref="StitchSegment.HubToStart"/> episodes.</summary>
    public const double DefaultHubToStartWeight = 0.20;

    /// <summary>Number of episodes to generate.</summary>
    public int EpisodeCount { get; init; } = DefaultEpisodeCount;

    /// <summary>Probability that a step's action is uniformly random instead of the planner's.</summary>
    public double RandomActionProbability { get; init; } = DefaultRandomActionProbability;

    /// <summary>Standard deviation of the Gaussian noise on the waypoint controller's actions (point maze only).</summary>
    public double NoiseScale { get; init; } = DefaultNoiseScale;

    /// <summary>Steps after which an episode that has not arrived is cut (truncated).</summary>
    public int MaxEpisodeSteps { get; init; } = DefaultMaxEpisodeSteps;

    /// <summary>Relative share of <see cref="StitchSegment.StartToHub"/> episodes.</summary>
    public double StartToHubWeight { get; init; } = DefaultStartToHubWeight;

    /// <summary>Relative share of <see cref="StitchSegment.HubToGoal"/> episodes.</summary>
    public double HubToGoalWeight { get; init; } = DefaultHubToGoalWeight;

    /// <summary>Relative share of <see cref="StitchSegment.HubToDeadEnd"/> episodes.</summary>
    public double HubToDeadEndWeight { get; init; } = DefaultHubToDeadEndWeight;

    /// <summary>Relative share of <see cref="StitchSegment.HubToStart"/> episodes.</summary>
    public double HubToStartWeight { get; init; } = DefaultHubToStartWeight;

    /// <summary>Checks every option and reports all failures at once.</summary>
    /// <exception cref="ArgumentException">Listing each invalid option.</exception>
    public void Validate()
    {
        var failures = new List<string>();
        if (EpisodeCount < 1)
        {
            failures.Add($"EpisodeCount must be at least 1; got {EpisodeCount}.");
        }

        if (!(RandomActionProbability >= 0 && RandomActionProbability <= 1))
        {
            failures.Add($"RandomActionProbability must be in [0, 1]; got {RandomActionProbability}.");
        }

        if (!(NoiseScale >= 0) || double.IsPositiveInfinity(NoiseScale))
        {
            failures.Add($"NoiseScale must be finite and at least 0; got {NoiseScale}.");
        }

        if (MaxEpisodeSteps < 1)
        {
            failures.Add($"MaxEpisodeSteps must be at least 1; got {MaxEpisodeSteps}.");
        }

        var weights = Weights();
        var names = Enum.GetNames<StitchSegment>();
        for (var i = 0; i < weights.Length; i++)
        {
            if (!(weights[i] >= 0) || double.IsPositiveInfinity(weights[i]))
            {
                failures.Add($"{names[i]}Weight must be finite and at least 0; got {weights[i]}.");
            }
        }

        if (failures.Count == 0 && weights.Sum() <= 0)
        {
            failures.Add("At least one segment weight must be positive.");
        }

        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid stitching data options:" + Environment.NewLine + string.Join(Environment.NewLine, failures));
        }
    }

    /// <summary>The weights in <see cref="StitchSegment"/> order.</summary>
    internal double[] Weights() => [StartToHubWeight, HubToGoalWeight, HubToDeadEndWeight, HubToStartWeight];
}
