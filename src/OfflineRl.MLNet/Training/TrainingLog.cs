using System.Globalization;
using System.Text;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// Appends progress reports to a CSV file: step, then each loss, each validation loss (when episodes are held out) and
/// learning rate, then (when the run evaluates) the
/// evaluation's mean return and normalized score, then steps/s. Evaluation cells are empty on rows without an evaluation.
/// </summary>
internal sealed class TrainingLog : IDisposable
{
    private readonly StreamWriter? _writer;
    private readonly bool _withEvaluation;
    private string[]? _columns;

    public TrainingLog(string? path, bool append, bool withEvaluation = false)
    {
        _withEvaluation = withEvaluation;
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

    /// <summary>
    /// Before a resume from <paramref name="step"/>: drops the rows a killed run wrote after its last checkpoint (and a
    /// torn last line), so the resumed run's rows follow without duplicate steps. Rewritten atomically.
    /// </summary>
    public static void DropRowsAfter(string? path, int step)
    {
        if (path is null || !File.Exists(path))
        {
            return;
        }

        var text = File.ReadAllText(path);
        var lines = text.Split('\n');
        var kept = new StringBuilder();
        for (var i = 0; i < lines.Length - 1; i++)
        {
            // The header stays; a row stays when its step is at most the checkpoint's. The last element has no newline
            // after it: empty, or a row torn by the kill.
            var comma = lines[i].IndexOf(',', StringComparison.Ordinal);
            if (i == 0 || (comma > 0 && int.TryParse(lines[i].AsSpan(0, comma), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s <= step))
            {
                kept.Append(lines[i]).Append('\n');
            }
        }

        if (kept.Length != text.Length)
        {
            Data.AtomicFile.WriteAllText(path, kept.ToString());
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
            string[] evaluation = _withEvaluation ? [TrainingLogColumns.EvaluationReturn, TrainingLogColumns.EvaluationScore] : [];
            _columns = [.. p.Losses.Keys, .. p.ValidationLosses.Keys.Select(k => TrainingLogColumns.ValidationPrefix + k), .. p.LearningRates.Keys.Select(k => TrainingLogColumns.LearningRatePrefix + k), .. evaluation];
            _writer.WriteLine(string.Join(',', [TrainingLogColumns.Step, .. _columns, TrainingLogColumns.StepsPerSecond]));
        }

        _writer.WriteLine(string.Join(',', [p.Step.ToString(CultureInfo.InvariantCulture), .. _columns.Select(c => Cell(c, p)),
            p.StepsPerSecond.ToString("0.###", CultureInfo.InvariantCulture)]));
    }

    public void Dispose() => _writer?.Dispose();

    private static string Cell(string column, TrainingProgress p)
    {
        switch (column)
        {
            case TrainingLogColumns.EvaluationReturn:
                return p.Evaluation is { } r ? Number(r.MeanReturn) : "";
            case TrainingLogColumns.EvaluationScore:
                return p.Evaluation is { } s ? Number(s.NormalizedScore) : "";
        }

        var value = column.StartsWith(TrainingLogColumns.LearningRatePrefix, StringComparison.Ordinal) && p.LearningRates.TryGetValue(column[TrainingLogColumns.LearningRatePrefix.Length..], out var lr)
            ? lr
            : column.StartsWith(TrainingLogColumns.ValidationPrefix, StringComparison.Ordinal) && p.ValidationLosses.TryGetValue(column[TrainingLogColumns.ValidationPrefix.Length..], out var held)
            ? held
            : p.Losses.TryGetValue(column, out var loss) ? loss : double.NaN;
        return Number(value);
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
