using System.Globalization;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.Cli;

/// <summary>Prints training progress: a line per tenth of the run, with each loss and the speed, and a line per evaluation.</summary>
public sealed class TrainingReporter : IProgress<TrainingProgress>
{
    private readonly TextWriter _output;
    private int _nextTenth = 1;

    /// <summary>Creates a reporter writing to <paramref name="output"/>.</summary>
    public TrainingReporter(TextWriter output) => _output = output;

    /// <summary>The most recent report.</summary>
    public TrainingProgress? Last { get; private set; }

    /// <inheritdoc />
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Last = value;
        if (value.Evaluation is { } e)
        {
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  eval {e.EnvironmentId} at step {value.Step}: mean return {e.MeanReturn:0.##} ± {e.StdReturn:0.##} over {e.Episodes} episodes, normalized score {e.NormalizedScore:0.#}"));
        }

        if (value.Step * 10 < _nextTenth * value.TotalSteps && value.Step != value.TotalSteps)
        {
            return;
        }

        while (_nextTenth * value.TotalSteps <= value.Step * 10)
        {
            _nextTenth++;
        }

        var percent = 100.0 * value.Step / value.TotalSteps;
        var bar = new string('#', (int)(percent / 5)).PadRight(20, '.');
        var losses = string.Join("  ", value.Losses.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:G4}"))
            .Concat(value.ValidationLosses.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{TrainingLogColumns.ValidationPrefix}{kv.Key} {kv.Value:G4}"))));
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{bar}] {value.Step,7}/{value.TotalSteps}  {losses}  {value.StepsPerSecond:0} steps/s"));
    }
}
