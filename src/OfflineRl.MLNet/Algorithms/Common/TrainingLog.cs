using System.Globalization;
using System.Text;

namespace OfflineRl.MLNet.Algorithms.Common;

/// <summary>Appends progress reports to a CSV file: step, then each loss and learning rate, then steps/s.</summary>
internal sealed class TrainingLog : IDisposable
{
    private readonly StreamWriter? _writer;
    private string[]? _columns;

    public TrainingLog(string? path, bool append)
    {
        if (path is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _writer = new StreamWriter(path, append, new UTF8Encoding(false)) { AutoFlush = true };
        if (append && new FileInfo(path).Length > 0)
        {
            _columns = File.ReadLines(path).First().Split(',')[1..^1];
        }
    }

    public void Write(TrainingProgress p)
    {
        if (_writer is null)
        {
            return;
        }

        if (_columns is null)
        {
            _columns = [.. p.Losses.Keys, .. p.LearningRates.Keys.Select(k => "lr_" + k)];
            _writer.WriteLine(string.Join(',', ["step", .. _columns, "steps_per_second"]));
        }

        var values = _columns.Select(c => c.StartsWith("lr_", StringComparison.Ordinal) && p.LearningRates.TryGetValue(c[3..], out var lr)
            ? lr
            : p.Losses.TryGetValue(c, out var loss) ? loss : double.NaN);
        _writer.WriteLine(string.Join(',', [p.Step.ToString(CultureInfo.InvariantCulture), .. values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)),
            p.StepsPerSecond.ToString("0.###", CultureInfo.InvariantCulture)]));
    }

    public void Dispose() => _writer?.Dispose();
}
