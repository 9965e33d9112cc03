using System.Globalization;
using System.Text;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// The stitching benchmark: for each seed, log the stitching dataset (no episode goes from the start room to the goal),
/// train each algorithm on it, and evaluate the greedy policy from the start room. Success needs stitching.
/// </summary>
public sealed class StitchBenchmark
{
    /// <summary>Creates the benchmark for <paramref name="environmentId"/>.</summary>
    /// <param name="environmentId">StitchGrid-v0 or StitchPointMaze-v0.</param>
    /// <param name="episodes">Evaluation episodes per seed.</param>
    public StitchBenchmark(string environmentId = EnvironmentCatalog.StitchGrid, int episodes = PolicyEvaluator.DefaultEpisodes)
    {
        EnvironmentId = EnvironmentCatalog.Canonical(environmentId);
        if (!EpisodeDatasets.IsStitching(EnvironmentId))
        {
            throw new ArgumentException($"{EnvironmentId} is not a stitching environment.", nameof(environmentId));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        Episodes = episodes;
    }

    /// <summary>The stitching environment.</summary>
    public string EnvironmentId { get; }

    /// <summary>Evaluation episodes per seed.</summary>
    public int Episodes { get; }

    /// <summary>Runs <paramref name="algorithm"/> on each seed's dataset and evaluates it with the same seed.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="seeds">The seeds (data, training and evaluation).</param>
    public StitchBenchmarkRow Run(StitchAlgorithm algorithm, IReadOnlyList<int> seeds)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0)
        {
            throw new ArgumentException("At least one seed is needed.", nameof(seeds));
        }

        var results = new List<EvaluationResult>(seeds.Count);
        foreach (var seed in seeds)
        {
            var data = EpisodeDatasets.Generate(EnvironmentId, BehaviorDatasetKind.Medium, steps: 1, seed);
            var act = algorithm.Train(data, seed);
            results.Add(PolicyEvaluator.Evaluate(act, EnvironmentId, Episodes, seed));
        }

        return new StitchBenchmarkRow(algorithm.Name, EnvironmentId, results);
    }

    /// <summary>A Markdown table of success rates (mean ± std over seeds).</summary>
    /// <param name="rows">The rows.</param>
    public static string ToMarkdown(IEnumerable<StitchBenchmarkRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        text.AppendLine("| Algorithm | Environment | Seeds | Success (mean ± std) |");
        text.AppendLine("|---|---|---|---|");
        foreach (var row in rows)
        {
            text.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {row.Algorithm} | {row.EnvironmentId} | {row.PerSeed.Count} | {100 * row.MeanSuccess:0.#}% ± {100 * row.StdSuccess:0.#}% |"));
        }

        return text.ToString();
    }
}
