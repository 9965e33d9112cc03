using System.Globalization;
using CsvHelper;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// The benchmark's resumable record: one CSV line per finished (dataset, algorithm, seed) job, appended as it finishes,
/// under a first line naming what the results depend on. Reading it back lets a stopped run skip what it already did.
/// </summary>
internal sealed class BenchmarkResultsLog
{
    private const string Header = "dataset,algorithm,seed,episodes,normalized_score,success,mean_return,std_return,mean_length,train_seconds,returns";
    private readonly string _path;
    private readonly Dictionary<(string, string, int), (EvaluationResult, double)> _done = [];
    private readonly Lock _gate = new();

    public BenchmarkResultsLog(string path, string fingerprint)
    {
        _path = path;
        var first = $"# {fingerprint.ReplaceLineEndings(" ")}";
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, first + "\n" + Header + "\n");
            return;
        }

        var text = File.ReadAllText(path);
        var lines = text.Split('\n');
        if (lines.Length < 3 || lines[0] != first || lines[1] != Header)
        {
            throw new InvalidOperationException(
                $"{path} holds results of another run ({lines[0]}); this run is '{first}'. Give another output folder or delete the file.");
        }

        // Every row ends with a newline when whole; a killed process can leave the last one cut. Drop it, so its job runs
        // again and the next row does not run into it.
        if (!text.EndsWith('\n'))
        {
            File.WriteAllText(path, text[..(text.LastIndexOf('\n') + 1)]);
        }

        for (var i = 2; i < lines.Length - 1; i++)
        {
            var row = Parse(lines[i]) ?? throw new InvalidDataException($"{path}, line {i + 1}: '{lines[i]}' is not a result row ({Header}).");
            _done[(row.Dataset, row.Algorithm, row.Seed)] = (row.Result, row.Seconds);
        }
    }

    public (EvaluationResult Result, double Seconds)? Find(string dataset, string algorithm, int seed) =>
        _done.TryGetValue((dataset, algorithm, seed), out var hit) ? hit : null;

    public void Append(string dataset, string algorithm, int seed, EvaluationResult result, double seconds)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{Quote(dataset)},{Quote(algorithm)},{seed},{result.Returns.Count},{result.NormalizedScore:R},{result.SuccessRate:R},{result.MeanReturn:R},{result.StdReturn:R},{result.MeanLength:R},{seconds:0.###},{string.Join(';', result.Returns.Select(r => r.ToString("R", CultureInfo.InvariantCulture)))}\n");
        lock (_gate)
        {
            File.AppendAllText(_path, line);
            _done[(dataset, algorithm, seed)] = (result, seconds);
        }
    }

    private static string Quote(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
        ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
        : value;

    private static (string Dataset, string Algorithm, int Seed, EvaluationResult Result, double Seconds)? Parse(string line)
    {
        using var parser = new CsvParser(new StringReader(line), CultureInfo.InvariantCulture);
        if (!parser.Read() || parser.Record is not { Length: 11 } f)
        {
            return null;
        }

        const NumberStyles number = NumberStyles.Float;
        var invariant = CultureInfo.InvariantCulture;
        if (!int.TryParse(f[2], NumberStyles.Integer, invariant, out var seed)
            || !int.TryParse(f[3], NumberStyles.Integer, invariant, out var episodes)
            || !double.TryParse(f[4], number, invariant, out var score)
            || !double.TryParse(f[6], number, invariant, out var mean)
            || !double.TryParse(f[7], number, invariant, out var std)
            || !double.TryParse(f[8], number, invariant, out var length)
            || !double.TryParse(f[9], number, invariant, out var seconds))
        {
            return null;
        }

        double? success = null;
        if (f[5].Length > 0)
        {
            if (!double.TryParse(f[5], number, invariant, out var s))
            {
                return null;
            }

            success = s;
        }

        var returns = new List<double>();
        foreach (var r in f[10].Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!double.TryParse(r, number, invariant, out var value))
            {
                return null;
            }

            returns.Add(value);
        }

        return returns.Count != episodes ? null
            : (f[0], f[1], seed, new EvaluationResult(f[0], episodes, seed + 1000, mean, std, length, score, success, returns), seconds);
    }
}
