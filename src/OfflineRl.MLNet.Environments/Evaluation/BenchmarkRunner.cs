using System.Diagnostics;
using System.Globalization;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// Runs algorithms × datasets × seeds: for each dataset and seed, log the data with that seed, train each algorithm on it with
/// that seed, and evaluate the greedy policy (evaluation seed = seed + 1000). Cells run in parallel up to
/// <see cref="MaxParallelism"/>; the results are returned in dataset-then-algorithm order whatever the schedule.
/// </summary>
public sealed class BenchmarkRunner
{
    /// <summary>Creates a runner.</summary>
    /// <param name="algorithms">The algorithms.</param>
    /// <param name="datasets">The datasets.</param>
    /// <param name="seeds">The seeds.</param>
    /// <param name="episodes">Evaluation episodes per policy.</param>
    public BenchmarkRunner(IReadOnlyList<BenchmarkAlgorithm> algorithms, IReadOnlyList<BenchmarkDataset> datasets, IReadOnlyList<int> seeds, int episodes = PolicyEvaluator.DefaultEpisodes)
    {
        ArgumentNullException.ThrowIfNull(algorithms);
        ArgumentNullException.ThrowIfNull(datasets);
        ArgumentNullException.ThrowIfNull(seeds);
        if (algorithms.Count == 0 || datasets.Count == 0 || seeds.Count == 0)
        {
            throw new ArgumentException("At least one algorithm, dataset and seed are needed.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        Algorithms = algorithms;
        Datasets = datasets;
        Seeds = seeds;
        Episodes = episodes;
    }

    /// <summary>The algorithms.</summary>
    public IReadOnlyList<BenchmarkAlgorithm> Algorithms { get; }

    /// <summary>The datasets.</summary>
    public IReadOnlyList<BenchmarkDataset> Datasets { get; }

    /// <summary>The seeds.</summary>
    public IReadOnlyList<int> Seeds { get; }

    /// <summary>Evaluation episodes per policy.</summary>
    public int Episodes { get; }

    /// <summary>How many (dataset, seed, algorithm) jobs run at once; defaults to the processor count.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Runs everything and returns one cell per dataset and algorithm.</summary>
    /// <param name="progress">Receives one line as each job starts and ends; may be <see langword="null"/>.</param>
    public IReadOnlyList<BenchmarkCell> Run(IProgress<string>? progress = null)
    {
        var data = new Dictionary<(int D, int S), Data.TrajectoryDataset>();
        for (var d = 0; d < Datasets.Count; d++)
        {
            for (var s = 0; s < Seeds.Count; s++)
            {
                var ds = Datasets[d];
                data[(d, s)] = EpisodeDatasets.Generate(ds.EnvironmentId, ds.Kind, ds.Steps, Seeds[s]);
            }
        }

        var jobs = (from d in Enumerable.Range(0, Datasets.Count)
                    from s in Enumerable.Range(0, Seeds.Count)
                    from a in Enumerable.Range(0, Algorithms.Count)
                    where Algorithms[a].Supports?.Invoke(Datasets[d].EnvironmentId) != false
                    select (D: d, S: s, A: a)).ToArray();
        var results = new (EvaluationResult Result, double Seconds)[jobs.Length];
        var done = 0;
        var wall = Stopwatch.StartNew();
        Parallel.For(0, jobs.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, MaxParallelism) }, i =>
        {
            var (d, s, a) = jobs[i];
            var dataset = Datasets[d];
            var algorithm = Algorithms[a];
            var clock = Stopwatch.StartNew();
            var act = algorithm.Train(data[(d, s)], dataset.EnvironmentId, Seeds[s]);
            var seconds = clock.Elapsed.TotalSeconds;
            var result = PolicyEvaluator.Evaluate(act, dataset.EnvironmentId, Episodes, Seeds[s] + 1000);
            results[i] = (result, seconds);
            var n = Interlocked.Increment(ref done);
            var left = TimeLeft(wall.Elapsed, n, jobs.Length);
            progress?.Report(string.Create(
                CultureInfo.InvariantCulture,
                $"[{n}/{jobs.Length}] {dataset.Name} · {algorithm.Name} · seed {Seeds[s]}: score {result.NormalizedScore:0.0}{(result.SuccessRate is { } r ? $", success {100 * r:0}%" : string.Empty)} (train {seconds:0.0} s; {left} left)"));
        });

        var cells = new List<BenchmarkCell>();
        for (var d = 0; d < Datasets.Count; d++)
        {
            for (var a = 0; a < Algorithms.Count; a++)
            {
                var idx = Enumerable.Range(0, jobs.Length).Where(i => jobs[i].D == d && jobs[i].A == a).OrderBy(i => jobs[i].S).ToArray();
                if (idx.Length == 0)
                {
                    continue;
                }

                cells.Add(new BenchmarkCell(Algorithms[a].Name, Datasets[d].Name, idx.Select(i => results[i].Result).ToArray(), idx.Sum(i => results[i].Seconds)));
            }
        }

        return cells;
    }

    /// <summary>The time left at the pace so far (jobs finished per second of wall clock), as "1h 02m", "3m 05s" or "12s".</summary>
    internal static string TimeLeft(TimeSpan elapsed, int finished, int total)
    {
        var seconds = finished == 0 ? 0 : elapsed.TotalSeconds / finished * (total - finished);
        var left = TimeSpan.FromSeconds(Math.Round(seconds));
        return left.TotalHours >= 1 ? $"{(int)left.TotalHours}h {left.Minutes:00}m"
            : left.TotalMinutes >= 1 ? $"{left.Minutes}m {left.Seconds:00}s"
            : $"{left.Seconds}s";
    }
}
