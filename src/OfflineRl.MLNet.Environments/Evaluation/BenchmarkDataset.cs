using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>One benchmark dataset: an environment and the behavior mix logged in it.</summary>
/// <param name="EnvironmentId">An id from <see cref="EnvironmentCatalog.Ids"/>.</param>
/// <param name="Kind">The behavior level mix (ignored for the stitching environments, which use their own recipe).</param>
/// <param name="Steps">Logged steps (ignored for the stitching environments).</param>
public sealed record BenchmarkDataset(string EnvironmentId, BehaviorDatasetKind Kind, int Steps)
{
    /// <summary>The name shown in tables: <c>env-kind</c>, or <c>env-stitch</c> for the stitching environments.</summary>
    public string Name => EpisodeDatasets.IsStitching(EnvironmentId)
        ? $"{EnvironmentCatalog.Canonical(EnvironmentId)}-stitch"
        : $"{EnvironmentCatalog.Canonical(EnvironmentId)}-{EpisodeDatasets.KindName(Kind)}";

    /// <summary>
    /// A dataset file (<c>.npz</c>) to train on instead of logging one per seed: one fixed dataset that every seed trains
    /// on, as D4RL's are (the locomotion suite's). <see cref="Steps"/> is then ignored.
    /// </summary>
    public string? File { get; init; }

    /// <summary>Whether the dataset is a stitching one (results are reported as success rates).</summary>
    public bool IsStitching => EpisodeDatasets.IsStitching(EnvironmentId);
}
