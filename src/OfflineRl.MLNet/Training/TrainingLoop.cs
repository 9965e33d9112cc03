using System.Diagnostics;
using System.Text;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// Runs an algorithm's steps with what every trainer needs: the thread setting, progress reports and the CSV log,
/// checkpoints every N steps (written atomically; resuming continues bit-identically), evaluation of the current
/// policy every N steps (<see cref="RunOptions.Evaluator"/>; it changes no weight), the losses on held-out episodes at
/// every report (<see cref="HeldOutLosses"/>, when episodes are held out), and a stop on the
/// first NaN or infinite loss that names the step and the loss and leaves the last good checkpoint on disk.
/// </summary>
internal static class TrainingLoop
{
    private const string Magic = "OfflineRl.MLNet checkpoint";
    private const int CheckpointVersion = 1;

    /// <summary>
    /// Runs <paramref name="algorithm"/> as <paramref name="options"/> say, reporting also to <paramref name="sink"/> and,
    /// when given, the losses on the held-out episodes <paramref name="validation"/> (raw observations); returns the final
    /// mean losses.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Run(
        ITrainingAlgorithm algorithm, TrainerOptions options, string dataHash, IProgress<TrainingProgress>? sink = null, TrajectoryDataset? validation = null)
    {
        var previousThreads = NnThreading.SetScoped(options.Run.Threads);
        try
        {
            return RunCore(algorithm, options, dataHash, sink, validation is null ? null : new HeldOutLosses(validation, options.Discount));
        }
        finally
        {
            NnThreading.RestoreScoped(previousThreads);
        }
    }

    public static string CheckpointPath(string directory, int step) => Path.Combine(directory, $"checkpoint-{step:D8}.bin");

    /// <summary>
    /// <paramref name="path"/> itself when it is a file; for a folder, its checkpoint with the highest step (checkpoints are
    /// written atomically, so the newest one present is complete).
    /// </summary>
    /// <exception cref="FileNotFoundException">When the folder holds no checkpoint.</exception>
    public static string ResolveCheckpoint(string path)
    {
        if (!Directory.Exists(path))
        {
            return path;
        }

        var newest = -1;
        foreach (var file in Directory.EnumerateFiles(path, "checkpoint-*.bin"))
        {
            var name = Path.GetFileNameWithoutExtension(file.AsSpan());
            if (int.TryParse(name["checkpoint-".Length..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var step)
                && CheckpointPath(path, step) == file)
            {
                newest = Math.Max(newest, step);
            }
        }

        return newest >= 0
            ? CheckpointPath(path, newest)
            : throw new FileNotFoundException($"{path}: no checkpoint-<step>.bin in this folder to resume from; start without resuming.", path);
    }

    private static Dictionary<string, double> RunCore(ITrainingAlgorithm algorithm, TrainerOptions options, string dataHash, IProgress<TrainingProgress>? sink, HeldOutLosses? heldOut)
    {
        var start = 0;
        string? lastCheckpoint = null;
        if (options.Run.ResumeFrom is { } resume)
        {
            lastCheckpoint = ResolveCheckpoint(resume);
            start = ReadCheckpoint(lastCheckpoint, algorithm, dataHash);
            TrainingLog.DropRowsAfter(options.Run.LogPath, start);
        }

        var evaluator = options.Run.EvaluateEvery > 0 ? options.Run.Evaluator : null;
        evaluator?.Validate(algorithm.Policy);
        var names = algorithm.LossNames;
        Span<double> losses = stackalloc double[names.Count];
        var sums = new double[names.Count];
        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        var last = new Dictionary<string, double>(StringComparer.Ordinal);
        using var log = new TrainingLog(options.Run.LogPath, append: options.Run.ResumeFrom is not null, withEvaluation: evaluator is not null);
        var clock = Stopwatch.StartNew();
        var sinceReport = 0;
        for (var step = start; step < options.Steps; step++)
        {
            algorithm.Step(step, losses);
            if (algorithm.TakeDiagnosis() is { } diagnosis)
            {
                (sink as ITrainingWarnings)?.Warn(diagnosis);
            }

            for (var i = 0; i < losses.Length; i++)
            {
                if (!double.IsFinite(losses[i]))
                {
                    var where = lastCheckpoint is null ? "no checkpoint was written" : $"the last good checkpoint is {lastCheckpoint}";
                    throw new TrainingDivergedException(
                        $"Training stopped at step {step + 1}: the {names[i]} loss is {losses[i]}; {where}. Try a lower learning rate or check the data's scale.")
                    {
                        Step = step + 1,
                        Loss = names[i],
                        LastCheckpoint = lastCheckpoint,
                    };
                }

                sums[i] += losses[i];
            }

            sinceReport++;
            var done = step + 1;
            EvaluationResult? evaluation = null;
            if (evaluator is not null && done % options.Run.EvaluateEvery == 0)
            {
                clock.Stop();
                evaluation = evaluator.Evaluate(algorithm.Policy);
                clock.Start();
            }

            if (done % options.Run.ReportEvery == 0 || done == options.Steps || evaluation is not null)
            {
                // Validation time, like evaluation time, is left out of steps/s.
                clock.Stop();
                var validationLosses = heldOut?.Compute(algorithm) ?? [];
                var seconds = clock.Elapsed.TotalSeconds;
                var lossMeans = new Dictionary<string, double>(StringComparer.Ordinal);
                for (var i = 0; i < names.Count; i++)
                {
                    lossMeans[names[i]] = sums[i] / sinceReport;
                    last[names[i]] = lossMeans[names[i]];
                }

                rates.Clear();
                algorithm.LearningRates(rates);
                var report = new TrainingProgress(done, options.Steps, lossMeans, new Dictionary<string, double>(rates), seconds > 0 ? sinceReport / seconds : 0)
                {
                    Evaluation = evaluation,
                    ValidationLosses = validationLosses,
                };
                log.Write(report);
                options.Run.Progress?.Report(report);
                sink?.Report(report);
                Array.Clear(sums);
                sinceReport = 0;
                clock.Restart();
            }

            if (options.Run.CheckpointEvery > 0 && done % options.Run.CheckpointEvery == 0)
            {
                lastCheckpoint = WriteCheckpoint(options.Run.CheckpointDirectory!, done, algorithm, dataHash);
            }
        }

        return last;
    }

    private static string WriteCheckpoint(string directory, int step, ITrainingAlgorithm algorithm, string dataHash)
    {
        var path = CheckpointPath(directory, step);
        AtomicFile.Write(path, stream =>
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write(Magic);
            w.Write(CheckpointVersion);
            w.Write(algorithm.Name);
            w.Write(dataHash);
            w.Write(step);
            algorithm.WriteState(w);
        });
        return path;
    }

    private static int ReadCheckpoint(string path, ITrainingAlgorithm algorithm, string dataHash)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: checkpoint not found", path);
        }

        using var stream = File.OpenRead(path);
        return ReadCheckpoint(stream, path, algorithm, dataHash);
    }

    private static bool HasMagic(BinaryReader r)
    {
        try
        {
            return StateIO.ReadString(r, "the format name", 64) == Magic;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Restores <paramref name="algorithm"/> from a checkpoint in <paramref name="stream"/>; returns its step. <paramref name="path"/> names it in messages.</summary>
    /// <exception cref="InvalidDataException">When the bytes are not a checkpoint of this algorithm, its options and data.</exception>
    internal static int ReadCheckpoint(Stream stream, string path, ITrainingAlgorithm algorithm, string dataHash)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!HasMagic(r) || r.ReadInt32() != CheckpointVersion)
            {
                throw new InvalidDataException($"{path}: not an OfflineRl.MLNet checkpoint of version {CheckpointVersion}");
            }

            var name = StateIO.ReadString(r, "the algorithm name", 256);
            if (name != algorithm.Name)
            {
                throw new InvalidDataException($"{path}: a checkpoint of {name}, not of {algorithm.Name}");
            }

            var hash = StateIO.ReadString(r, "the data hash", 256);
            if (hash != dataHash)
            {
                throw new InvalidDataException($"{path}: written for other training data (hash {hash}, this data {dataHash})");
            }

            var step = r.ReadInt32();
            if (step < 0)
            {
                throw new InvalidDataException($"{path}: the checkpoint's step {step} is negative");
            }

            algorithm.ReadState(r);
            return step;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"{path}: the checkpoint is truncated", ex);
        }
        catch (InvalidDataException ex) when (!ex.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }
}

/// <summary>A progress sink that also takes warnings (the trainer's ML.NET channel: <c>mlContext.Log</c>).</summary>
internal interface ITrainingWarnings
{
    /// <summary>Writes <paramref name="message"/> as a warning.</summary>
    void Warn(string message);
}
