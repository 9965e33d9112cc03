using System.Diagnostics;
using System.Globalization;
using OfflineRl.MLNet.Environments;
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

    /// <summary>
    /// The fewest evaluation episodes on a goal-reaching task (the stitching tasks, Acrobot, MountainCar and
    /// MountainCarContinuous), whose score turns on a few episodes' outcomes; <see langword="null"/>: <see cref="Episodes"/>
    /// everywhere.
    /// </summary>
    public int? GoalTaskEpisodes { get; init; }

    /// <summary>The evaluation episodes a policy on <paramref name="environmentId"/> gets.</summary>
    /// <param name="environmentId">The dataset's environment.</param>
    public int EpisodesFor(string environmentId) =>
        EnvironmentRegistry.Get(environmentId).IsGoalReaching && GoalTaskEpisodes is { } floor ? Math.Max(Episodes, floor) : Episodes;

    /// <summary>How many (dataset, seed, algorithm) jobs run at once; defaults to the processor count.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// A CSV file each finished job is appended to as it finishes, keyed by its dataset, algorithm, seed and what its result
    /// depends on (the algorithm's <see cref="BenchmarkAlgorithm.Describe"/>, the episodes, the dataset's file stamp or
    /// logging settings); a run does not repeat a job the log already holds under the same key, so a stopped benchmark
    /// resumes where it stopped and a changed setting reruns only the jobs it touches. <see langword="null"/>: nothing is written.
    /// </summary>
    public string? ResultsLog { get; init; }

    /// <summary>Runs everything and returns one cell per dataset and algorithm.</summary>
    /// <param name="progress">Receives one line as each job starts and ends; may be <see langword="null"/>.</param>
    public IReadOnlyList<BenchmarkCell> Run(IProgress<string>? progress = null)
    {
        var jobs = (from d in Enumerable.Range(0, Datasets.Count)
                    from s in Enumerable.Range(0, Seeds.Count)
                    from a in Enumerable.Range(0, Algorithms.Count)
                    where Algorithms[a].Supports?.Invoke(Datasets[d].EnvironmentId) != false
                    select (D: d, S: s, A: a)).ToArray();
        var results = new (EvaluationResult Result, double Seconds)[jobs.Length];
        var log = ResultsLog is null ? null : new BenchmarkResultsLog(ResultsLog);
        var dataKeys = Datasets.Select(DataKey).ToArray();
        var keys = jobs.Select(j => JobKey(Datasets[j.D], dataKeys[j.D], Algorithms[j.A])).ToArray();
        var pending = new List<int>();
        for (var i = 0; i < jobs.Length; i++)
        {
            var (d, s, a) = jobs[i];
            if (log?.Find(Datasets[d].Name, Algorithms[a].Name, Seeds[s], keys[i]) is { } earlier)
            {
                results[i] = earlier;
            }
            else
            {
                pending.Add(i);
            }
        }

        if (pending.Count < jobs.Length)
        {
            progress?.Report($"{jobs.Length - pending.Count} of {jobs.Length} jobs already in {ResultsLog}; running the other {pending.Count}");
        }

        // Files are read once each; generated datasets (each a function of its environment, kind, size and seed) are made
        // side by side like the jobs, so the cores are busy from the start.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, MaxParallelism) };
        var files = new Dictionary<string, Data.TrajectoryDataset>();
        var needed = pending.Select(i => (jobs[i].D, jobs[i].S)).Distinct().ToArray();
        var made = new Data.TrajectoryDataset[needed.Length];
        for (var j = 0; j < needed.Length; j++)
        {
            if (Datasets[needed[j].D].File is { } file)
            {
                made[j] = files.TryGetValue(file, out var loaded) ? loaded : files[file] = Data.NpzDatasetLoader.Load(file);
            }
        }

        Parallel.For(0, needed.Length, parallel, j =>
        {
            var ds = Datasets[needed[j].D];
            if (ds.File is null)
            {
                made[j] = EpisodeDatasets.Generate(ds.EnvironmentId, ds.Kind, ds.Steps, Seeds[needed[j].S]);
            }
        });
        var data = Enumerable.Range(0, needed.Length).ToDictionary(j => needed[j], j => made[j]);

        var done = 0;
        long jobTicks = 0;
        var wall = Stopwatch.StartNew();
        Parallel.ForEach(pending, parallel, i =>
        {
            var (d, s, a) = jobs[i];
            var dataset = Datasets[d];
            var algorithm = Algorithms[a];
            var clock = Stopwatch.StartNew();
            var act = algorithm.Train(data[(d, s)], dataset.EnvironmentId, Seeds[s]);
            var seconds = clock.Elapsed.TotalSeconds;
            var result = PolicyEvaluator.Evaluate(act, dataset.EnvironmentId, EpisodesFor(dataset.EnvironmentId), Seeds[s] + 1000);
            results[i] = (result, seconds);
            Interlocked.Add(ref jobTicks, clock.Elapsed.Ticks);
            log?.Append(dataset.Name, algorithm.Name, Seeds[s], keys[i], result, seconds);
            var n = Interlocked.Increment(ref done);
            var left = TimeLeft(wall.Elapsed, n, pending.Count);
            progress?.Report(string.Create(
                CultureInfo.InvariantCulture,
                $"[{n}/{pending.Count}] {dataset.Name} · {algorithm.Name} · seed {Seeds[s]}: score {result.NormalizedScore:0.0}{(result.SuccessRate is { } r ? $", success {100 * r:0}%" : string.Empty)} (train {seconds:0.0} s; {left} left)"));
        });

        if (pending.Count > 0)
        {
            var jobSeconds = TimeSpan.FromTicks(Interlocked.Read(ref jobTicks)).TotalSeconds;
            progress?.Report(string.Create(
                CultureInfo.InvariantCulture,
                $"{pending.Count} jobs in {wall.Elapsed.TotalSeconds:0.0} s of wall clock, {Math.Max(1, MaxParallelism)} at a time; their own training and evaluation times add up to {jobSeconds:0.0} s ({100 * wall.Elapsed.TotalSeconds / Math.Max(1e-9, jobSeconds):0} %)"));
        }

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

    // What a dataset's results depend on: its stamp, or its bytes, or how it is logged. Once per dataset, not per job.
    private static string DataKey(BenchmarkDataset dataset) => dataset.File is { } file
        ? File.Exists(file + ".stamp") ? File.ReadAllText(file + ".stamp") : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)))
        : $"{dataset.EnvironmentId} {dataset.Kind} {dataset.Steps}";

    // Everything but the seed a job's result depends on, hashed: the row's settings, the evaluation and the data.
    private string JobKey(BenchmarkDataset dataset, string data, BenchmarkAlgorithm algorithm)
    {
        var text = $"{algorithm.Describe?.Invoke(dataset.EnvironmentId)}|episodes={EpisodesFor(dataset.EnvironmentId)}|data={data}";
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..12];
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
