using System.Globalization;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Plotting;

/// <summary>
/// Reads a training CSV log (<c>step,&lt;loss names&gt;,lr_&lt;names&gt;[,eval_mean_return,eval_normalized_score],steps_per_second</c>)
/// into line series. An empty cell (an evaluation column on a row without an evaluation) reads as NaN, a gap the chart skips;
/// such sparse series are drawn with a dot per point (<see cref="LineSeries.ShowMarkers"/>), and the evaluation columns
/// carry their own y-axis labels (<see cref="LineSeries.YLabel"/>).
/// </summary>
public static class TrainingLogReader
{
    /// <summary>Reads every column but <c>step</c> as a series over steps.</summary>
    /// <param name="path">The CSV log.</param>
    /// <param name="includeAll">Also return the learning-rate and steps-per-second columns; otherwise only losses and evaluation scores (and other metrics).</param>
    /// <exception cref="InvalidDataException">The file has no <c>step</c> column, no rows or a malformed row.</exception>
    public static IReadOnlyList<LineSeries> Read(string path, bool includeAll = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',').Select(h => h.Trim()).ToArray()
            ?? throw new InvalidDataException($"{path}: empty file, expected a header 'step,<losses>,...'.");
        var stepIndex = Array.IndexOf(header, TrainingLogColumns.Step);
        if (stepIndex < 0)
        {
            throw new InvalidDataException($"{path}: no '{TrainingLogColumns.Step}' column in the header '{string.Join(',', header)}'.");
        }

        var keep = Enumerable.Range(0, header.Length)
            .Where(i => i != stepIndex && (includeAll || (header[i] != TrainingLogColumns.StepsPerSecond && !header[i].StartsWith(TrainingLogColumns.LearningRatePrefix, StringComparison.Ordinal))))
            .ToArray();
        var steps = new List<double>();
        var values = keep.Select(_ => new List<double>()).ToArray();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length != header.Length)
            {
                throw new InvalidDataException($"{path}: line {lineNumber} has {cells.Length} cells, the header has {header.Length}.");
            }

            steps.Add(Parse(cells[stepIndex], path, lineNumber));
            for (var k = 0; k < keep.Length; k++)
            {
                values[k].Add(Parse(cells[keep[k]], path, lineNumber));
            }
        }

        if (steps.Count == 0)
        {
            throw new InvalidDataException($"{path}: no rows after the header.");
        }

        // A column with blank cells (evaluation scores, logged every N steps) gets a dot per point so isolated values show.
        return keep.Select((column, k) => new LineSeries(header[column], steps, values[k])
        {
            ShowMarkers = values[k].Any(double.IsNaN),
            YLabel = header[column] switch
            {
                TrainingLogColumns.EvaluationReturn => "return",
                TrainingLogColumns.EvaluationScore => "normalized score",
                _ => null,
            },
        }).ToArray();
    }

    private static double Parse(string text, string path, int line) =>
        string.IsNullOrWhiteSpace(text) ? double.NaN
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new InvalidDataException($"{path}: line {line}: '{text}' is not a number.");
}
