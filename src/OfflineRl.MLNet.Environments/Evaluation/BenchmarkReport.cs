using System.Globalization;
using System.Text;
using CsvHelper;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>Writes benchmark results as a Markdown table and CSV files, and reads the per-seed CSV back (the chart is <c>OfflineRl.MLNet.Charts.BenchmarkChart</c>).</summary>
public static class BenchmarkReport
{
    private const string OldSeedHeader = "algorithm,dataset,seed_index,normalized_score,success,mean_return";
    private const string SeedHeader = OldSeedHeader + ",environment,episodes,std_return";

    /// <summary>
    /// A Markdown table with one row per dataset and one column per algorithm: mean ± std normalized score over seeds, or the
    /// success rate for environments with a goal. With more than one dataset scored by normalized score (no goal) a last row averages their scores.
    /// </summary>
    /// <param name="cells">The results.</param>
    public static string ToMarkdown(IReadOnlyList<BenchmarkCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var algorithms = cells.Select(c => c.Algorithm).Distinct().ToArray();
        var datasets = cells.Select(c => c.Dataset).Distinct().ToArray();
        var text = new StringBuilder();
        text.AppendLine("| Dataset | Seeds | " + string.Join(" | ", algorithms) + " |");
        text.AppendLine("|---|---|" + string.Concat(algorithms.Select(_ => "---|")));
        foreach (var dataset in datasets)
        {
            var row = algorithms.Select(a => cells.FirstOrDefault(c => c.Dataset == dataset && c.Algorithm == a)).ToArray();
            var seeds = row.Where(c => c is not null).Max(c => c!.PerSeed.Count);
            text.Append(CultureInfo.InvariantCulture, $"| {dataset} | {seeds} |");
            foreach (var cell in row)
            {
                text.Append(' ').Append(cell is null ? "-" : Format(cell)).Append(" |");
            }

            text.AppendLine();
        }

        var classic = datasets.Where(d => cells.Where(c => c.Dataset == d).All(c => !c.HasSuccess)).ToArray();
        if (classic.Length > 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"| mean of {classic.Length} scored datasets | |");
            foreach (var a in algorithms)
            {
                var scores = cells.Where(c => c.Algorithm == a && classic.Contains(c.Dataset)).Select(c => c.MeanScore).ToArray();
                text.Append(string.Create(CultureInfo.InvariantCulture, $" {(scores.Length == 0 ? double.NaN : scores.Average()):0.0} |"));
            }

            text.AppendLine();
            if (classic.Length > 1 && cells.Where(c => classic.Contains(c.Dataset)).All(c => c.PerSeed.Count > 1 && c.PerSeed.Count == cells[0].PerSeed.Count))
            {
                text.Append(CultureInfo.InvariantCulture, $"| standard error of that mean over seeds | |");
                foreach (var a in algorithms)
                {
                    text.Append(string.Create(CultureInfo.InvariantCulture, $" {ClassicMeanStandardError(cells, a):0.0} |"));
                }

                text.AppendLine();
            }
        }

        AppendStatistics(text, cells, algorithms, datasets);
        return text.ToString();
    }

    /// <summary>
    /// Each algorithm's interquartile mean over every (dataset, seed) headline score it has (success in percent where there
    /// is a goal, otherwise the normalized score), with its 95 % stratified-bootstrap interval: strata are the datasets, so
    /// a resample draws each dataset's seeds with replacement from that dataset's seeds (<see cref="ScoreStatistics"/>).
    /// </summary>
    /// <param name="cells">The results (algorithms in the order they first appear).</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    /// <param name="seed">Seeds the resampling: the same results give the same intervals.</param>
    public static IReadOnlyList<BenchmarkAggregate> Aggregate(IReadOnlyList<BenchmarkCell> cells, int resamples = ScoreStatistics.DefaultResamples, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var ran = cells.Where(c => c.PerSeed.Count > 0).ToArray();
        return [.. ran.Select(c => c.Algorithm).Distinct().Select(a =>
        {
            var mine = ran.Where(c => c.Algorithm == a).ToArray();
            var iqm = ScoreStatistics.InterquartileMean([.. mine.Select(c => c.HeadlineScores)], resamples, ScoreStatistics.DefaultConfidenceLevel, seed);
            return new BenchmarkAggregate(a, mine.Length, mine.Sum(c => c.PerSeed.Count), iqm);
        })];
    }

    /// <summary>
    /// The probability of improvement of every algorithm over every other (ordered pairs, in the order the algorithms first
    /// appear), on the datasets both ran, with 95 % stratified-bootstrap intervals (<see cref="ScoreStatistics.ProbabilityOfImprovement"/>).
    /// Pairs without a common dataset are left out.
    /// </summary>
    /// <param name="cells">The results.</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    /// <param name="seed">Seeds the resampling: the same results give the same intervals.</param>
    public static IReadOnlyList<BenchmarkImprovement> Improvements(IReadOnlyList<BenchmarkCell> cells, int resamples = ScoreStatistics.DefaultResamples, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var algorithms = cells.Select(c => c.Algorithm).Distinct().ToArray();
        var result = new List<BenchmarkImprovement>();
        foreach (var x in algorithms)
        {
            foreach (var y in algorithms.Where(y => y != x))
            {
                var pairs = cells.Where(c => c.Algorithm == x && c.PerSeed.Count > 0)
                    .Select(c => (X: c, Y: cells.FirstOrDefault(d => d.Algorithm == y && d.Dataset == c.Dataset && d.PerSeed.Count > 0)))
                    .Where(p => p.Y is not null)
                    .ToArray();
                if (pairs.Length > 0)
                {
                    var p = ScoreStatistics.ProbabilityOfImprovement(
                        [.. pairs.Select(q => q.X.HeadlineScores)], [.. pairs.Select(q => q.Y!.HeadlineScores)], resamples, ScoreStatistics.DefaultConfidenceLevel, seed);
                    result.Add(new BenchmarkImprovement(x, y, pairs.Length, p));
                }
            }
        }

        return result;
    }

    /// <summary>The thresholds of the report's profile table: a quarter of the score scale apart.</summary>
    public static readonly IReadOnlyList<double> ProfileTableThresholds = [0, 25, 50, 75, 100];

    /// <summary>
    /// Each algorithm's performance profile over the datasets it ran (<see cref="ScoreStatistics.PerformanceProfile"/> of the
    /// headline scores: success in percent where there is a goal, otherwise the normalized score).
    /// </summary>
    /// <param name="cells">The results (algorithms in the order they first appear).</param>
    /// <param name="thresholds">
    /// The τ; by default every whole number from the lower of 0 and the lowest score to the higher of 100 and the highest
    /// score, so that the curve starts at 1 and ends at 0.
    /// </param>
    public static IReadOnlyList<BenchmarkProfile> Profiles(IReadOnlyList<BenchmarkCell> cells, IReadOnlyList<double>? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var ran = cells.Where(c => c.PerSeed.Count > 0).ToArray();
        if (thresholds is null)
        {
            var scores = ran.SelectMany(c => c.HeadlineScores).Where(double.IsFinite).ToArray();
            var lo = Math.Floor(Math.Min(0, scores.DefaultIfEmpty(0).Min())) - 1;
            var hi = Math.Ceiling(Math.Max(100, scores.DefaultIfEmpty(100).Max()));
            thresholds = [.. Enumerable.Range(0, (int)(hi - lo) + 1).Select(i => lo + i)];
        }

        return [.. ran.Select(c => c.Algorithm).Distinct().Select(a =>
        {
            var mine = ran.Where(c => c.Algorithm == a).ToArray();
            return new BenchmarkProfile(a, mine.Length, thresholds, ScoreStatistics.PerformanceProfile([.. mine.Select(c => c.HeadlineScores)], thresholds));
        })];
    }

    /// <summary>One CSV line per (algorithm, τ) with a header: <see cref="Profiles"/> at their default thresholds.</summary>
    /// <param name="cells">The results.</param>
    public static string ToProfileCsv(IReadOnlyList<BenchmarkCell> cells)
    {
        var text = new StringBuilder();
        text.AppendLine("algorithm,datasets,tau,fraction_above");
        foreach (var profile in Profiles(cells))
        {
            for (var i = 0; i < profile.Thresholds.Count; i++)
            {
                text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{Csv(profile.Algorithm)},{profile.Datasets},{profile.Thresholds[i]:0.###},{profile.Fractions[i]:0.####}"));
            }
        }

        return text.ToString();
    }

    /// <summary>One CSV line per algorithm with a header: <see cref="Aggregate"/>'s datasets, runs, IQM and interval.</summary>
    /// <param name="cells">The results.</param>
    public static string ToAggregateCsv(IReadOnlyList<BenchmarkCell> cells)
    {
        var text = new StringBuilder();
        text.AppendLine("algorithm,datasets,runs,iqm,iqm_lower,iqm_upper");
        foreach (var a in Aggregate(cells))
        {
            var iqm = a.InterquartileMean;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{Csv(a.Algorithm)},{a.Datasets},{a.Runs},{iqm.Value:0.###},{iqm.Lower:0.###},{iqm.Upper:0.###}"));
        }

        return text.ToString();
    }

    /// <summary>One CSV line per ordered pair of algorithms with a header: <see cref="Improvements"/>' P(algorithm &gt; baseline) and interval.</summary>
    /// <param name="cells">The results.</param>
    public static string ToImprovementCsv(IReadOnlyList<BenchmarkCell> cells)
    {
        var text = new StringBuilder();
        text.AppendLine("algorithm,baseline,datasets,probability,lower,upper");
        foreach (var i in Improvements(cells))
        {
            var p = i.Probability;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{Csv(i.Algorithm)},{Csv(i.Baseline)},{i.Datasets},{p.Value:0.###},{p.Lower:0.###},{p.Upper:0.###}"));
        }

        return text.ToString();
    }

    /// <summary>
    /// The mean normalized score over the classic-control datasets (those without a goal) of each seed, in seed order: the
    /// per-seed values whose spread <see cref="ClassicMeanStandardError"/> measures.
    /// </summary>
    /// <param name="cells">The results (every classic cell with the same seeds).</param>
    /// <param name="algorithm">The algorithm's name.</param>
    public static double[] ClassicMeanPerSeed(IReadOnlyList<BenchmarkCell> cells, string algorithm)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var mine = cells.Where(c => c.Algorithm == algorithm && !c.HasSuccess).ToArray();
        if (mine.Length == 0)
        {
            return [];
        }

        var seeds = mine.Min(c => c.PerSeed.Count);
        return Enumerable.Range(0, seeds).Select(s => mine.Average(c => c.PerSeed[s].NormalizedScore)).ToArray();
    }

    /// <summary>
    /// The standard error of the classic-control mean score over seeds: the sample standard deviation (n − 1) of
    /// <see cref="ClassicMeanPerSeed"/> divided by √n. NaN with fewer than two seeds.
    /// </summary>
    /// <param name="cells">The results.</param>
    /// <param name="algorithm">The algorithm's name.</param>
    public static double ClassicMeanStandardError(IReadOnlyList<BenchmarkCell> cells, string algorithm)
    {
        var values = ClassicMeanPerSeed(cells, algorithm);
        if (values.Length < 2)
        {
            return double.NaN;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / values.Length);
    }

    /// <summary>
    /// One CSV line per (algorithm, dataset, seed) with a header: normalized score, success (blank without a goal), mean
    /// return, and what the evaluation standard error needs: the environment id, the episodes and the returns' population
    /// standard deviation.
    /// </summary>
    /// <param name="cells">The results.</param>
    public static string ToSeedCsv(IReadOnlyList<BenchmarkCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var text = new StringBuilder();
        text.AppendLine(SeedHeader);
        foreach (var c in cells)
        {
            for (var s = 0; s < c.PerSeed.Count; s++)
            {
                var r = c.PerSeed[s];
                text.AppendLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Csv(c.Algorithm)},{Csv(c.Dataset)},{s},{r.NormalizedScore:0.###},{r.SuccessRate:0.###},{r.MeanReturn:0.###},{Csv(r.EnvironmentId)},{r.Episodes},{r.StdReturn:0.###}"));
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Reads <see cref="ToSeedCsv"/>'s output back into cells (in the order they first appear), so a report or chart can be
    /// made again without re-running the benchmark; files written before the environment, episodes and spread columns
    /// existed read too. What the file does not hold is left empty: training time is 0, the episode length is NaN, the
    /// per-episode returns are empty, and in an older file the environment id is the dataset's name, the episode count 0
    /// and the return's spread NaN.
    /// </summary>
    /// <param name="csv">The text of a <c>benchmark-seeds.csv</c>.</param>
    /// <exception cref="InvalidDataException">A header other than <see cref="ToSeedCsv"/>'s (or its older one), or a row that is not one of its rows.</exception>
    public static IReadOnlyList<BenchmarkCell> FromSeedCsv(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        using var parser = new CsvParser(new StringReader(csv), CultureInfo.InvariantCulture);
        if (!parser.Read() || string.Join(',', parser.Record!) is not (OldSeedHeader or SeedHeader))
        {
            throw new InvalidDataException($"Not a per-seed benchmark CSV: the header must be '{SeedHeader}' (or '{OldSeedHeader}').");
        }

        var columns = parser.Record!.Length;
        var order = new List<(string Algorithm, string Dataset)>();
        var results = new Dictionary<(string, string), List<EvaluationResult>>();
        while (parser.Read())
        {
            var row = parser.Record!;
            var episodes = 0;
            var stdReturn = double.NaN;
            if (row.Length != columns
                || !int.TryParse(row[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
                || !double.TryParse(row[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var score)
                || !double.TryParse(row[5], NumberStyles.Float, CultureInfo.InvariantCulture, out var meanReturn)
                || (columns > 6 && (!int.TryParse(row[7], NumberStyles.Integer, CultureInfo.InvariantCulture, out episodes)
                    || !double.TryParse(row[8], NumberStyles.Float, CultureInfo.InvariantCulture, out stdReturn))))
            {
                throw new InvalidDataException($"Line {parser.Row}: '{parser.RawRecord.TrimEnd()}' is not '{(columns > 6 ? SeedHeader : OldSeedHeader)}'.");
            }

            double? success = row[4].Length == 0 ? null
                : double.TryParse(row[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s
                : throw new InvalidDataException($"Line {parser.Row}: success '{row[4]}' is not a number.");
            var key = (row[0], row[1]);
            if (!results.TryGetValue(key, out var list))
            {
                results[key] = list = [];
                order.Add(key);
            }

            list.Add(new EvaluationResult(columns > 6 ? row[6] : row[1], episodes, seed, meanReturn, stdReturn, double.NaN, score, success, []));
        }

        return order.Select(k => new BenchmarkCell(k.Algorithm, k.Dataset, results[k])).ToArray();
    }

    /// <summary>
    /// <see cref="FromSeedCsv(string)"/>, with each cell's training time taken from the same run's <see cref="ToCsv"/>
    /// output (its <c>train_seconds</c> column; cells it does not list keep 0).
    /// </summary>
    /// <param name="csv">The text of a <c>benchmark-seeds.csv</c>.</param>
    /// <param name="summaryCsv">The text of the same run's <c>benchmark.csv</c>.</param>
    /// <exception cref="InvalidDataException">Either file is not what it should be.</exception>
    public static IReadOnlyList<BenchmarkCell> FromSeedCsv(string csv, string summaryCsv)
    {
        ArgumentNullException.ThrowIfNull(summaryCsv);
        var cells = FromSeedCsv(csv);
        using var parser = new CsvParser(new StringReader(summaryCsv), CultureInfo.InvariantCulture);
        var header = parser.Read() ? parser.Record! : [];
        var at = Array.IndexOf(header, "train_seconds");
        if (header.Length < 2 || header[0] != "algorithm" || header[1] != "dataset" || at < 0)
        {
            throw new InvalidDataException("Not a benchmark summary CSV: the header must start 'algorithm,dataset' and have 'train_seconds'.");
        }

        var seconds = new Dictionary<(string, string), double>();
        while (parser.Read())
        {
            var row = parser.Record!;
            if (row.Length != header.Length || !double.TryParse(row[at], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new InvalidDataException($"Line {parser.Row} of the summary CSV: '{parser.RawRecord.TrimEnd()}' has no train_seconds.");
            }

            seconds[(row[0], row[1])] = value;
        }

        return [.. cells.Select(c => seconds.TryGetValue((c.Algorithm, c.Dataset), out var t) ? c with { TrainSeconds = t } : c)];
    }

    /// <summary>
    /// One CSV line per (algorithm, dataset) with a header; invariant culture, '.' decimals. After the means: the headline's
    /// interquartile mean over seeds with its 95 % bootstrap interval, its standard error over seeds and the evaluation's
    /// (blank where unknown).
    /// </summary>
    /// <param name="cells">The results.</param>
    public static string ToCsv(IReadOnlyList<BenchmarkCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var text = new StringBuilder();
        text.AppendLine("algorithm,dataset,seeds,mean_normalized_score,std_normalized_score,mean_success,std_success,mean_return,train_seconds,iqm,iqm_lower,iqm_upper,se,eval_se");
        foreach (var c in cells)
        {
            var iqm = c.PerSeed.Count > 0 ? c.InterquartileMean() : null;
            text.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{Csv(c.Algorithm)},{Csv(c.Dataset)},{c.PerSeed.Count},{c.MeanScore:0.###},{c.StdScore:0.###},{c.MeanSuccess:0.###},{c.StdSuccess:0.###},{c.MeanReturn:0.###},{c.TrainSeconds:0.##},"
                + $"{iqm?.Value:0.###},{iqm?.Lower:0.###},{iqm?.Upper:0.###},{Blank(c.StandardError)},{Blank(c.EvaluationStandardError)}"));
        }

        return text.ToString();
    }

    // The per-cell IQM table, the aggregate table and the probability-of-improvement matrix, under the means.
    private static void AppendStatistics(StringBuilder text, IReadOnlyList<BenchmarkCell> cells, string[] algorithms, string[] datasets)
    {
        if (cells.All(c => c.PerSeed.Count == 0))
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("Interquartile mean over seeds [95 % bootstrap interval], and the standard error of the mean over seeds "
            + "(and, where the run recorded its episodes, of the evaluation episodes alone):");
        text.AppendLine();
        text.AppendLine("| Dataset | " + string.Join(" | ", algorithms) + " |");
        text.AppendLine("|---|" + string.Concat(algorithms.Select(_ => "---|")));
        foreach (var dataset in datasets)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {dataset} |");
            foreach (var a in algorithms)
            {
                var cell = cells.FirstOrDefault(c => c.Dataset == dataset && c.Algorithm == a);
                text.Append(' ').Append(cell is null || cell.PerSeed.Count == 0 ? "-" : FormatIqm(cell)).Append(" |");
            }

            text.AppendLine();
        }

        var baseline = algorithms.Contains("BC") ? "BC" : algorithms[0];
        var improvements = Improvements(cells);
        text.AppendLine();
        text.AppendLine("Aggregate over every (dataset, seed) run: the interquartile mean of the headline scores (success % on goal tasks) "
            + $"with a stratified-bootstrap 95 % interval (seeds resampled within each dataset; {ScoreStatistics.DefaultResamples:N0} resamples, seed 0), "
            + $"and the probability that a run of the algorithm beats a run of {baseline} on a dataset drawn at random (ties count ½):");
        text.AppendLine();
        text.AppendLine($"| Algorithm | Datasets | Runs | IQM [95 % interval] | P(> {baseline}) [95 % interval] |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var a in Aggregate(cells))
        {
            var p = improvements.FirstOrDefault(i => i.Algorithm == a.Algorithm && i.Baseline == baseline);
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {a.Algorithm} | {a.Datasets} | {a.Runs} | {Interval(a.InterquartileMean, "0.0")} | {(p is null ? "-" : Interval(p.Probability, "0.00"))} |"));
        }

        text.AppendLine();
        text.AppendLine("Performance profile: the fraction of runs scoring above τ, averaged over the datasets each algorithm ran "
            + "(the whole curve is in benchmark-profile.csv and the benchmark-profile chart):");
        text.AppendLine();
        text.AppendLine("| Algorithm | " + string.Join(" | ", ProfileTableThresholds.Select(t => string.Create(CultureInfo.InvariantCulture, $"τ = {t:0}"))) + " |");
        text.AppendLine("|---|" + string.Concat(ProfileTableThresholds.Select(_ => "---|")));
        foreach (var profile in Profiles(cells, ProfileTableThresholds))
        {
            text.AppendLine($"| {profile.Algorithm} | " + string.Join(" | ", profile.Fractions.Select(f => f.ToString("0.00", CultureInfo.InvariantCulture))) + " |");
        }

        if (algorithms.Length > 2)
        {
            text.AppendLine();
            text.AppendLine("Probability of improvement P(row > column) [95 % interval]:");
            text.AppendLine();
            text.AppendLine("| | " + string.Join(" | ", algorithms) + " |");
            text.AppendLine("|---|" + string.Concat(algorithms.Select(_ => "---|")));
            foreach (var x in algorithms)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {x} |");
                foreach (var y in algorithms)
                {
                    var p = improvements.FirstOrDefault(i => i.Algorithm == x && i.Baseline == y);
                    text.Append(' ').Append(p is null ? "-" : Interval(p.Probability, "0.00")).Append(" |");
                }

                text.AppendLine();
            }
        }
    }

    private static string FormatIqm(BenchmarkCell cell)
    {
        var unit = cell.HasSuccess ? "%" : string.Empty;
        var iqm = cell.InterquartileMean();
        var text = new StringBuilder($"{Number(iqm.Value, "0.0")}{unit} [{Number(iqm.Lower, "0.0")}, {Number(iqm.Upper, "0.0")}]");
        if (double.IsFinite(cell.StandardError))
        {
            text.Append(CultureInfo.InvariantCulture, $", SE {cell.StandardError:0.0}");
        }

        if (double.IsFinite(cell.EvaluationStandardError))
        {
            text.Append(CultureInfo.InvariantCulture, $" (eval {cell.EvaluationStandardError:0.0})");
        }

        return text.ToString();
    }

    private static string Interval(ScoreInterval s, string format) => $"{Number(s.Value, format)} [{Number(s.Lower, format)}, {Number(s.Upper, format)}]";

    // A bootstrap end a hair below zero would print as "-0.0".
    private static string Number(double value, string format)
    {
        var text = value.ToString(format, CultureInfo.InvariantCulture);
        return text.TrimStart('-').All(c => c is '0' or '.') ? text.TrimStart('-') : text;
    }

    private static string Blank(double value) => double.IsFinite(value) ? value.ToString("0.###", CultureInfo.InvariantCulture) : string.Empty;

    private static string Format(BenchmarkCell cell) => cell.MeanSuccess is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"{100 * s:0.#}% ± {100 * cell.StdSuccess!.Value:0.#}% success")
        : string.Create(CultureInfo.InvariantCulture, $"{cell.MeanScore:0.0} ± {cell.StdScore:0.0}");

    private static string Csv(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) ? $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : s;
}
