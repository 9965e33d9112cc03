namespace OfflineRl.MLNet.Environments;

/// <summary>How a stitching (goal) task logs its data and the TD discount its benchmark settings use.</summary>
/// <param name="Recipe">The episodes of the recipe for a seed (the recipe fixes their number).</param>
/// <param name="Discount">The TD methods' γ on this task (see <c>StitchAlgorithm.StitchDiscount</c>).</param>
internal sealed record StitchingTask(Func<int, IReadOnlyList<EnvironmentEpisode>> Recipe, float Discount);
