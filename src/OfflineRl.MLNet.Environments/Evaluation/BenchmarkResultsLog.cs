using System.Globalization;
using CsvHelper;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>
/// The benchmark's resumable record: one CSV line per finished (dataset, algorithm, seed) job, appended as it finishes,
/// with a key of what else its result depends on. Reading it back lets a stopped run skip what it already did.
/// </summary>
internal sealed class BenchmarkResultsLog
{
    private const string Header = "dataset,algorithm,seed,key,episodes,normalized_score,success,mean_return,std_return,mean_length,train_seconds,returns";
    private readonly string _path;
    private readonly Dictionary<(string, string, int, string), (EvaluationResult, double)> _done = [];
    private readonly Lock _gate = new();

    public BenchmarkResultsLog(string path)
    {
        _path = path;
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, Header + "\n");
            return;
        }

        var text = File.ReadAllText(path);
        var lines = text.Split('\n');
        if (lines.Length < 2 || lines[0] != Header)
        {
            throw new InvalidDataException($"{path} is not a benchmark results log: its first line must be '{Header}'. Give another output folder or move the file.");
        }

        // Every row ends with a newline when whole; a killed process can leave the last one cut. Drop it, so its job runs
        // again and the next row does not run into it.
        if (!text.EndsWith('\n'))
        {
            File.WriteAllText(path, text[..(text.LastIndexOf('\n') + 1)]);
        }

        for (var i = 1; i < lines.Length - 1; i++)
        {
            var row = Parse(lines[i]) ?? throw new InvalidDataException($"{path}, line {i + 1}: '{lines[i]}' is not a result row ({Header}).");
            _done[(row.Dataset, row.Algorithm, row.Seed, row.Key)] = (row.Result, row.Seconds);
        }
    }

    public (EvaluationResult Result, double Seconds)? Find(string dataset, string algorithm, int seed, string key) =>
        _done.TryGetValue((dataset, algorithm, seed, key), out var hit) ? hit : null;

    public void Append(string dataset, string algorithm, int seed, string key, EvaluationResult result, double seconds)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{Quote(dataset)},{Quote(algorithm)},{seed},{Quote(key)},{result.Returns.Count},{result.NormalizedScore:R},{result.SuccessRate:R},{result.MeanReturn:R},{result.StdReturn:R},{result.MeanLength:R},{seconds:0.###},{string.Join(';', result.Returns.Select(r => r.ToString("R", CultureInfo.InvariantCulture)))}\n");
        lock (_gate)
        {
            File.AppendAllText(_path, line);
            _done[(dataset, algorithm, seed, key)] = (result, seconds);
        }
    }

    private static string Quote(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
        ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
        : value;

    private static (string Dataset, string Algorithm, int Seed, string Key, EvaluationResult Result, double Seconds)? Parse(string line)
    {
        using var parser = new CsvParser(new StringReader(line), CultureInfo.InvariantCulture);
        if (!parser.Read() || parser.Record is not { Length: 12 } row)
        {
            return null;
        }

        var key = row[3];
        string[] f = [.. row[..3], .. row[4..]];

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
            : (f[0], f[1], seed, key, new EvaluationResult(f[0], episodes, seed + 1000, mean, std, length, score, success, returns), seconds);
    }
}
