namespace OfflineRl.MLNet.Environments;

/// <summary>How a stitching (goal) task logs its data (its benchmark settings are in <c>Evaluation/benchmark-settings.json</c>).</summary>
/// <param name="Recipe">The episodes of the recipe for a seed (the recipe fixes their number).</param>
internal sealed record StitchingTask(Func<int, IReadOnlyList<EnvironmentEpisode>> Recipe);
