using System.Diagnostics;
using Microsoft.ML;
using OfflineRl.MLNet.Algorithms;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Pipeline;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet;

/// <summary>How <see cref="TrainingSpeed.Measure"/> times a trainer's steps.</summary>
public sealed class TrainingSpeedOptions
{
    /// <summary>Default steps per timed run.</summary>
    public const int DefaultStepsPerRun = 2_000;

    /// <summary>Default number of timed runs.</summary>
    public const int DefaultRuns = 3;

    /// <summary>Default warm-up in seconds.</summary>
    public const double DefaultWarmupSeconds = 2.0;

    /// <summary>
    /// The shortest warm-up allowed: the runtime recompiles hot methods in the background for the first second or so, which
    /// with two threads competes with the step itself.
    /// </summary>
    public const double MinimumWarmupSeconds = 0.5;

    /// <summary>Steps per timed run.</summary>
    public int StepsPerRun { get; set; } = DefaultStepsPerRun;

    /// <summary>Timed runs; the result reports each and their median.</summary>
    public int Runs { get; set; } = DefaultRuns;

    /// <summary>Seconds of untimed steps before the first run (at least <see cref="MinimumWarmupSeconds"/>; at least 10 steps).</summary>
    public double WarmupSeconds { get; set; } = DefaultWarmupSeconds;

    internal void Validate()
    {
        var errors = new List<string>();
        if (StepsPerRun < 1)
        {
            errors.Add($"{nameof(StepsPerRun)} must be ≥ 1 (got {StepsPerRun}).");
        }

        if (Runs < 1)
        {
            errors.Add($"{nameof(Runs)} must be ≥ 1 (got {Runs}).");
        }

        if (!(WarmupSeconds >= MinimumWarmupSeconds))
        {
            errors.Add($"{nameof(WarmupSeconds)} must be ≥ {MinimumWarmupSeconds} (got {WarmupSeconds}).");
        }

        if (errors.Count > 0)
        {
            throw new InvalidOptionsException(nameof(TrainingSpeedOptions), errors);
        }
    }
}

/// <summary>What <see cref="TrainingSpeed.Measure"/> measured.</summary>
public sealed class TrainingSpeedResult
{
    internal TrainingSpeedResult(int threads, int warmupSteps, double[] stepsPerSecond, double[] stepsPerCpuSecond, IReadOnlyDictionary<string, double> finalLosses, double flopsPerStep)
    {
        (Threads, WarmupSteps, StepsPerSecond, StepsPerCpuSecond, FinalLosses) = (threads, warmupSteps, stepsPerSecond, stepsPerCpuSecond, finalLosses);
        MatrixFlopsPerStep = flopsPerStep;
        MedianStepsPerSecond = Median(stepsPerSecond);
        MedianStepsPerCpuSecond = Median(stepsPerCpuSecond);
    }

    /// <summary>Threads the network math used (<see cref="RunOptions.Threads"/> of the trainer).</summary>
    public int Threads { get; }

    /// <summary>Untimed steps taken before the first run.</summary>
    public int WarmupSteps { get; }

    /// <summary>Wall-clock steps per second of each timed run.</summary>
    public IReadOnlyList<double> StepsPerSecond { get; }

    /// <summary>
    /// Steps per second of the process's CPU time in each run: on a shared machine, less disturbed by other load than the wall
    /// clock (with more than one thread it counts every thread's time).
    /// </summary>
    public IReadOnlyList<double> StepsPerCpuSecond { get; }

    /// <summary>The median of <see cref="StepsPerSecond"/>.</summary>
    public double MedianStepsPerSecond { get; }

    /// <summary>The median of <see cref="StepsPerCpuSecond"/>.</summary>
    public double MedianStepsPerCpuSecond { get; }

    /// <summary>
    /// Floating-point operations per step in the networks' matrix products (2·m·n·k each; forward, backward and target
    /// passes), averaged over steps taken after the timed runs. Elementwise work (activations, Adam, losses) is not counted;
    /// the products are most of a step's arithmetic at the usual widths.
    /// </summary>
    public double MatrixFlopsPerStep { get; }

    /// <summary>The median run's matrix-product throughput: <see cref="MatrixFlopsPerStep"/> × <see cref="MedianStepsPerSecond"/> / 10⁹.</summary>
    public double MedianGflopsPerSecond => MatrixFlopsPerStep * MedianStepsPerSecond / 1e9;

    /// <summary>The losses of the last step, by name.</summary>
    public IReadOnlyDictionary<string, double> FinalLosses { get; }

    private static double Median(double[] values) => Evaluation.Bootstrap.Quantile([.. values.Order()], 0.5);
}

/// <summary>
/// How many training steps per second a trainer of this library takes on given data on this machine: the data is read and
/// prepared as <see cref="PolicyTrainer{TOptions}.Fit"/> does it (validation, normalization, the algorithm's own filtering or
/// weighting, untimed), then a warm-up, then several timed runs of the algorithm's steps. Nothing is checkpointed, logged
/// or returned as a model. The learning-rate schedule runs over <see cref="TrainerOptions.Steps"/>, wrapping around.
/// </summary>
public static class TrainingSpeed
{
    /// <summary>Times <paramref name="trainer"/>'s steps on <paramref name="data"/>.</summary>
    /// <param name="trainer">A trainer from <c>mlContext.OfflineRL().Trainers</c>; its options' seed (0 when unset) and thread count apply.</param>
    /// <param name="data">Trajectory data, as the trainer's <c>Fit</c> takes it.</param>
    /// <param name="options">How to time it; null for the defaults.</param>
    /// <exception cref="ArgumentException">When <paramref name="trainer"/> is not one of this library's trainers.</exception>
    /// <exception cref="InvalidOptionsException">When <paramref name="options"/> are out of range.</exception>
    public static TrainingSpeedResult Measure(IEstimator<PolicyTransformer> trainer, IDataView data, TrainingSpeedOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new TrainingSpeedOptions();
        options.Validate();
        if (trainer is not IPolicyTrainer policyTrainer)
        {
            throw new ArgumentException($"{trainer.GetType().Name} is not a trainer of OfflineRl.MLNet; make one with mlContext.OfflineRL().Trainers.", nameof(trainer));
        }

        var trainerOptions = policyTrainer.Options;
        var seed = trainerOptions.Seed ?? 0;
        var prepared = policyTrainer.Prepare(policyTrainer.Read(data), seed);
        var previousThreads = NnThreading.SetScoped(trainerOptions.Run.Threads);
        try
        {
            return Time(policyTrainer.CreateAlgorithm(prepared, seed), trainerOptions.Steps, options, trainerOptions.Run.Threads);
        }
        finally
        {
            NnThreading.RestoreScoped(previousThreads);
        }
    }

    private static TrainingSpeedResult Time(Training.ITrainingAlgorithm algorithm, int scheduleSteps, TrainingSpeedOptions options, int threads)
    {
        var losses = new double[algorithm.LossNames.Count];
        var clock = Stopwatch.StartNew();
        var warmupSteps = 0;
        while (clock.Elapsed.TotalSeconds < options.WarmupSeconds || warmupSteps < 10)
        {
            algorithm.Step(warmupSteps % scheduleSteps, losses);
            warmupSteps++;
        }

        var rates = new double[options.Runs];
        var cpuRates = new double[options.Runs];
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < options.Runs; r++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            clock.Restart();
            for (var s = 0; s < options.StepsPerRun; s++)
            {
                algorithm.Step(s % scheduleSteps, losses);
            }

            rates[r] = options.StepsPerRun / clock.Elapsed.TotalSeconds;
            process.Refresh();
            cpuRates[r] = options.StepsPerRun / (process.TotalProcessorTime - cpu).TotalSeconds;
        }

        var finalLosses = algorithm.LossNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => losses[p.i]);

        // Counted apart from the timed runs, over enough steps to average steps that update only some networks (TD3's
        // delayed actor), on this thread alone (the count is per thread; a step's products sum to the same at any
        // thread count).
        const int countedSteps = 24;
        var previousThreads = NnThreading.SetScoped(1);
        Gemm.ResetCountedFlops();
        Gemm.CountFlops = true;
        try
        {
            for (var s = 0; s < countedSteps; s++)
            {
                algorithm.Step((options.StepsPerRun + s) % scheduleSteps, losses);
            }
        }
        finally
        {
            Gemm.CountFlops = false;
            NnThreading.RestoreScoped(previousThreads);
        }

        return new TrainingSpeedResult(threads, warmupSteps, rates, cpuRates, finalLosses, Gemm.CountedFlops / (double)countedSteps);
    }
}
