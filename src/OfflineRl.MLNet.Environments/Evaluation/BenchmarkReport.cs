using System.Globalization;
using System.Text;
using CsvHelper;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>Writes benchmark results as a Markdown table and CSV files, and reads the per-seed CSV back (the chart is <c>OfflineRl.MLNet.Charts.BenchmarkChart</c>).</summary>
public static class BenchmarkReport
{
    /// <summary>
    /// A Markdown table with one row per dataset and one column per algorithm: mean ± std normalized score over seeds, or the
    /// success rate for environments with a goal. With more than one classic-control dataset a last row averages their scores.
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
            text.Append(CultureInfo.InvariantCulture, $"| mean of {classic.Length} classic | |");
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

    /// <summary>One CSV line per (algorithm, dataset, seed) with a header: normalized score, success (blank without a goal), mean return.</summary>
    /// <param name="cells">The results.</param>
    public static string ToSeedCsv(IReadOnlyList<BenchmarkCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var text = new StringBuilder();
        text.AppendLine("algorithm,dataset,seed_index,normalized_score,success,mean_return");
        foreach (var c in cells)
        {
            for (var s = 0; s < c.PerSeed.Count; s++)
            {
                var r = c.PerSeed[s];
                text.AppendLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Csv(c.Algorithm)},{Csv(c.Dataset)},{s},{r.NormalizedScore:0.###},{r.SuccessRate:0.###},{r.MeanReturn:0.###}"));
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Reads <see cref="ToSeedCsv"/>'s output back into cells (in the order they first appear), so a report or chart can be
    /// made again without re-running the benchmark. What that file does not hold is left empty: the environment id is the
    /// dataset's name, episode count and training time are 0, the return's spread and the episode length are NaN, and the
    /// per-episode returns are empty.
    /// </summary>
    /// <param name="csv">The text of a <c>benchmark-seeds.csv</c>.</param>
    /// <exception cref="InvalidDataException">A header other than <see cref="ToSeedCsv"/>'s, or a row that is not one of its rows.</exception>
    public static IReadOnlyList<BenchmarkCell> FromSeedCsv(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        const string header = "algorithm,dataset,seed_index,normalized_score,success,mean_return";
        using var parser = new CsvParser(new StringReader(csv), CultureInfo.InvariantCulture);
        if (!parser.Read() || string.Join(',', parser.Record!) != header)
        {
            throw new InvalidDataException($"Not a per-seed benchmark CSV: the header must be '{header}'.");
        }

        var order = new List<(string Algorithm, string Dataset)>();
        var results = new Dictionary<(string, string), List<EvaluationResult>>();
        while (parser.Read())
        {
            var row = parser.Record!;
            if (row.Length != 6
                || !int.TryParse(row[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
                || !double.TryParse(row[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var score)
                || !double.TryParse(row[5], NumberStyles.Float, CultureInfo.InvariantCulture, out var meanReturn))
            {
                throw new InvalidDataException($"Line {parser.Row}: '{parser.RawRecord.TrimEnd()}' is not 'algorithm,dataset,seed_index,normalized_score,success,mean_return'.");
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

            list.Add(new EvaluationResult(row[1], 0, seed, meanReturn, double.NaN, double.NaN, score, success, []));
        }

        return order.Select(k => new BenchmarkCell(k.Algorithm, k.Dataset, results[k])).ToArray();
    }

    /// <summary>One CSV line per (algorithm, dataset) with a header; invariant culture, '.' decimals.</summary>
    /// <param name="cells">The results.</param>
    public static string ToCsv(IReadOnlyList<BenchmarkCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var text = new StringBuilder();
        text.AppendLine("algorithm,dataset,seeds,mean_normalized_score,std_normalized_score,mean_success,std_success,mean_return,train_seconds");
        foreach (var c in cells)
        {
            text.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{Csv(c.Algorithm)},{Csv(c.Dataset)},{c.PerSeed.Count},{c.MeanScore:0.###},{c.StdScore:0.###},{c.MeanSuccess:0.###},{c.StdSuccess:0.###},{c.MeanReturn:0.###},{c.TrainSeconds:0.##}"));
        }

        return text.ToString();
    }

    private static string Format(BenchmarkCell cell) => cell.MeanSuccess is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"{100 * s:0.#}% ± {100 * cell.StdSuccess!.Value:0.#}% success")
        : string.Create(CultureInfo.InvariantCulture, $"{cell.MeanScore:0.0} ± {cell.StdScore:0.0}");

    private static string Csv(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) ? $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : s;
}
