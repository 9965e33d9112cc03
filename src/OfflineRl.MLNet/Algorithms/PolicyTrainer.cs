using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms;

/// <summary>
/// What every trainer of this library is to ML.NET: an <see cref="IEstimator{TTransformer}"/> whose <see cref="Fit"/> reads
/// the trajectory columns of any <see cref="IDataView"/>, trains, and returns a row-to-row <see cref="PolicyTransformer"/>.
/// </summary>
/// <remarks>
/// The seed is <see cref="TrainerOptions.Seed"/> when given, else drawn from the <see cref="MLContext"/>'s seeded random
/// stream, so <c>new MLContext(seed)</c> makes a whole pipeline reproducible. Progress (steps, losses, speed) goes to
/// <see cref="RunOptions.Progress"/> and to <c>mlContext.Log</c>.
/// </remarks>
/// <typeparam name="TOptions">The algorithm's options.</typeparam>
public abstract class PolicyTrainer<TOptions> : IEstimator<PolicyTransformer>, IPolicyTrainer
    where TOptions : TrainerOptions
{
    private readonly MLContext _context;

    private protected PolicyTrainer(MLContext context, TOptions options, string algorithm)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        Options = options;
        Algorithm = algorithm;
    }

    /// <summary>The options.</summary>
    public TOptions Options { get; }

    /// <summary>The algorithm's name as recorded in models: bc, filtered-bc, awr, iql.</summary>
    public string Algorithm { get; }

    /// <summary>Reads and validates the episodes of <paramref name="input"/>, trains, and returns the policy transformer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When a trajectory column is missing or of the wrong type (naming the role and the column).</exception>
    /// <exception cref="DatasetValidationException">When the data breaks a trajectory rule (naming source, episode, step and column).</exception>
    public PolicyTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var host = ((IHostEnvironment)_context).Register(Algorithm);
        var seed = Options.Seed ?? host.Rand.Next();
        var (data, validation) = ReadSplit(input, seed);
        using var channel = host.Start("Training");
        var heldOut = validation is null ? "" : string.Create(CultureInfo.InvariantCulture, $" ({validation.EpisodeCount} episodes, {validation.Count} steps held out for validation)");
        channel.Info(MessageSensitivity.None, string.Create(CultureInfo.InvariantCulture,
            $"{Algorithm}: {data.EpisodeCount} episodes, {data.Count} steps{heldOut}, {data.ActionSpace}, seed {seed}, {Options.Steps} steps"));
        var model = Train(data, seed, new ChannelProgress(channel), validation);
        channel.Info(MessageSensitivity.None, $"{Algorithm}: done, {model}");
        return new PolicyTransformer(_context, model, Options.ObservationColumnName);
    }

    /// <summary>
    /// The input shape with <c>PredictedAction</c> (and <c>ActionProbabilities</c> when the logged action is an integer)
    /// appended. Throws <see cref="ArgumentOutOfRangeException"/> naming the role, the column and the type found when a
    /// trajectory column is missing or of the wrong type.
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        TrajectoryDataReader.CheckShape(inputSchema, Options);
        ColumnShapes.TryFind(inputSchema, Options.ActionColumnName, out var action);
        var discrete = action.Kind == SchemaShape.Column.VectorKind.Scalar && action.ItemType.RawType != typeof(float) && action.ItemType.RawType != typeof(double);
        return discrete
            ? ColumnShapes.Append(inputSchema,
                (Onnx.OnnxExportNames.PredictedAction, new Microsoft.ML.Data.VectorDataViewType(Microsoft.ML.Data.NumberDataViewType.Int64, 1)),
                (Onnx.OnnxExportNames.ActionProbabilities, new Microsoft.ML.Data.VectorDataViewType(Microsoft.ML.Data.NumberDataViewType.Single, 1)))
            : ColumnShapes.Append(inputSchema,
                (Onnx.OnnxExportNames.PredictedAction, new Microsoft.ML.Data.VectorDataViewType(Microsoft.ML.Data.NumberDataViewType.Single, 1)));
    }

    /// <summary>The validated trajectories of <paramref name="input"/>, normalized when <see cref="TrainerOptions.NormalizeObservations"/> says so.</summary>
    private TrajectoryDataset Read(IDataView input)
    {
        var data = TrajectoryDataReader.Read(input, Options, TrajectoryTransformer.SourceOf(input));
        return Options.NormalizeObservations ? ObservationNormalization.Fit(data).Normalize(data) : data;
    }

    /// <summary>
    /// As <see cref="Read"/>, with <see cref="TrainerOptions.ValidationFraction"/> of the episodes held out (as read, raw):
    /// the normalization is fitted on the training episodes alone, so nothing of the held-out ones reaches training.
    /// </summary>
    private (TrajectoryDataset Training, TrajectoryDataset? Validation) ReadSplit(IDataView input, int seed)
    {
        if (Options.ValidationFraction == 0)
        {
            return (Read(input), null);
        }

        var data = TrajectoryDataReader.Read(input, Options, TrajectoryTransformer.SourceOf(input));
        var (training, validation) = EpisodeSplit.Split(data, Options.ValidationFraction, seed);
        return (Options.NormalizeObservations ? ObservationNormalization.Fit(training).Normalize(training) : training, validation);
    }

    /// <summary>
    /// What the algorithm trains on, made from the validated (and, when asked, normalized) data: by default the data itself.
    /// <paramref name="warn"/> takes what the preparation decided that <c>mlContext.Log</c> should hear.
    /// </summary>
    private protected virtual TrajectoryDataset Prepare(TrajectoryDataset data, int seed, Action<string> warn) => data;

    /// <summary>The algorithm that takes the training steps on <paramref name="data"/>.</summary>
    private protected abstract Training.TrainingAlgorithm CreateAlgorithm(TrajectoryDataset data, int seed);

    TrainerOptions IPolicyTrainer.Options => Options;

    Training.TrainingAlgorithm IPolicyTrainer.CreateAlgorithm(TrajectoryDataset data, int seed) => CreateAlgorithm(data, seed);

    TrajectoryDataset IPolicyTrainer.Read(IDataView input) => Read(input);

    TrajectoryDataset IPolicyTrainer.Prepare(TrajectoryDataset data, int seed) => Prepare(data, seed, _ => { });

    /// <summary>Prepares the data, runs the algorithm's steps and returns the model with what it registered for export.</summary>
    private PolicyModel Train(TrajectoryDataset data, int seed, ChannelProgress log, TrajectoryDataset? validation)
    {
        data = Prepare(data, seed, log.Warn);
        if (TrainingBudget.Warning(Options.Steps, Options.BatchSize, data.Count) is { } warning)
        {
            log.Warn(warning);
        }

        var algorithm = CreateAlgorithm(data, seed);
        var hash = DataHash.Of(data);
        var clock = Stopwatch.StartNew();
        var losses = TrainingLoop.Run(algorithm, Options, hash, log, validation);
        return new PolicyModel(algorithm.Policy, Algorithm, OptionsJson.Of(Options, [("seed", seed), .. algorithm.Recorded]), hash,
            losses, Options.Steps, clock.Elapsed.TotalSeconds, algorithm.ValueNetworks(), Options.Discount);
    }

    /// <summary>Writes each progress report to the ML.NET channel, which <c>mlContext.Log</c> receives.</summary>
    private sealed class ChannelProgress(IChannel channel) : IProgress<TrainingProgress>, ITrainingWarnings
    {
        public void Warn(string message) => channel.Warning(MessageSensitivity.None, message);

        public void Report(TrainingProgress value) => channel.Info(MessageSensitivity.None, string.Create(CultureInfo.InvariantCulture,
            $"step {value.Step}/{value.TotalSteps}: {string.Join(", ", value.Losses.Select(kv => $"{kv.Key} {kv.Value:G4}"))}{Validation(value)}, {value.StepsPerSecond:F0} steps/s"));

        private static string Validation(TrainingProgress value) => value.ValidationLosses.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $"; validation {string.Join(", ", value.ValidationLosses.Select(kv => $"{kv.Key} {kv.Value:G4}"))}");
    }
}

/// <summary>What the library's own tools (command line, bench, tests) use of every trainer.</summary>
internal interface IPolicyTrainer : IEstimator<PolicyTransformer>
{
    /// <summary>The algorithm's name as recorded in models.</summary>
    string Algorithm { get; }

    /// <summary>The options.</summary>
    TrainerOptions Options { get; }

    /// <summary>The validated (and, when asked, normalized) trajectories of <paramref name="input"/>, as <see cref="IEstimator{T}.Fit"/> reads them.</summary>
    TrajectoryDataset Read(IDataView input);

    /// <summary>The algorithm's own preparation of validated data (filtering, advantage weights), as <see cref="IEstimator{T}.Fit"/> does it.</summary>
    TrajectoryDataset Prepare(TrajectoryDataset data, int seed);

    /// <summary>The algorithm the trainer runs, on data that is already prepared (normalized, filtered, weighted).</summary>
    Training.TrainingAlgorithm CreateAlgorithm(TrajectoryDataset data, int seed);
}
