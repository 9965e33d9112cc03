using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OfflineRl.MLNet.Onnx;

/// <summary>
/// Serves an exported policy (docs/onnx.md) from an .onnx file in ONNX Runtime (Microsoft.ML.OnnxRuntime): raw
/// observations in, actions in environment units out. Continuous policies return their action vector; discrete
/// policies return the chosen index as a one-element vector (the dataset's action representation) or through
/// <see cref="ActIndex"/>. Thread-safe: ONNX Runtime runs one session concurrently, and the single-observation path
/// takes its preallocated buffers from a pool, so callers never wait on each other. Dispose to release the session.
/// </summary>
public sealed class OnnxPolicy : IDisposable
{
    /// <summary>The observation input's name.</summary>
    public const string ObservationInputName = OnnxExportNames.Observation;

    /// <summary>The action output's name.</summary>
    public const string ActionOutputName = OnnxExportNames.PredictedAction;

    /// <summary>The discrete policies' probability output's name.</summary>
    public const string ActionProbabilitiesOutputName = OnnxExportNames.ActionProbabilities;

    /// <summary>What <see cref="Source"/> says for a model loaded from bytes.</summary>
    public const string InMemorySource = "(in-memory model)";

    private readonly InferenceSession _session;
    private readonly string _observationText;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames = [ActionOutputName];
    private readonly ConcurrentBag<SingleRun> _singleRuns = [];
    private readonly long[]? _chunkShape;
    private int _disposed;

    private OnnxPolicy(InferenceSession session, string source)
    {
        _session = session;
        Source = source;
        var problems = new List<string>();
        IReadOnlyDictionary<string, NodeMetadata> inputs = session.InputMetadata;
        IReadOnlyDictionary<string, NodeMetadata> outputs = session.OutputMetadata;
        string? observationName = inputs.ContainsKey(ObservationInputName) ? ObservationInputName : inputs.Count == 1 ? inputs.Keys.First() : null;
        NodeMetadata? observation = observationName is null ? null : inputs[observationName];
        if (observation is null)
        {
            problems.Add($"no input named '{ObservationInputName}'");
        }
        else if (inputs.Count != 1)
        {
            problems.Add($"{inputs.Count} inputs; a policy model takes only '{ObservationInputName}'");
        }
        else if (!IsTensorOf(observation, TensorElementType.Float, rank: 2) || observation.Dimensions[1] < 1)
        {
            problems.Add($"input {OnnxTensorText.Describe(observationName!, observation)} is not float32[batch, n] with a fixed n");
        }

        if (!outputs.TryGetValue(ActionOutputName, out NodeMetadata? action))
        {
            problems.Add($"no output named '{ActionOutputName}'");
        }
        else if (IsTensorOf(action, TensorElementType.Int64, rank: 1))
        {
            IsDiscrete = true;
            ActionSize = 1;
        }
        else if (IsTensorOf(action, TensorElementType.Float, rank: 2) && action.Dimensions[1] >= 1)
        {
            ActionSize = action.Dimensions[1];
        }
        else if (IsTensorOf(action, TensorElementType.Float, rank: 3) && action.Dimensions[1] >= 1 && action.Dimensions[2] >= 1)
        {
            // An action chunk [batch, h, actDim]: a row is the whole chunk, first action first.
            ChunkLength = action.Dimensions[1];
            ActionSize = action.Dimensions[1] * action.Dimensions[2];
            _chunkShape = [1, action.Dimensions[1], action.Dimensions[2]];
        }
        else
        {
            problems.Add($"output {OnnxTensorText.Describe(ActionOutputName, action)} is neither float32[batch, n] (continuous), float32[batch, h, n] (action chunks) nor int64[batch] (discrete)");
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException(
                $"'{source}' is not a policy model: {string.Join("; ", problems)}. It has inputs ({DescribeAll(inputs)}) and outputs ({DescribeAll(outputs)}).");
        }

        _inputNames = [observationName!];
        Metadata = ReadMetadata(session, source);
        ObservationSize = observation!.Dimensions[1];
        _observationText = OnnxTensorText.Describe(observationName!, observation);
    }

    /// <summary>The ONNX Runtime session, for raw runs with any outputs (e.g. <see cref="ActionProbabilitiesOutputName"/>) and its input/output metadata.</summary>
    public InferenceSession Session => _session;

    /// <summary>The model file's full path, or <see cref="InMemorySource"/>; used in messages.</summary>
    public string Source { get; }

    /// <summary>Width of one observation.</summary>
    public int ObservationSize { get; }

    /// <summary>
    /// Values the model writes per observation: the action dimension (times <see cref="ChunkLength"/> for an action-chunk
    /// model), or 1 for discrete policies.
    /// </summary>
    public int ActionSize { get; }

    /// <summary>Actions per observation: h for an action-chunk model (output float32 [batch, h, n], executed open-loop), else 1.</summary>
    public int ChunkLength { get; } = 1;

    /// <summary>True when the model outputs an int64 action index.</summary>
    public bool IsDiscrete { get; }

    /// <summary>The model's metadata properties (library version, algorithm, options, data hash).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The model's inputs as ONNX names them (e.g. <c>Observation: float32[batch, 4]</c>).</summary>
    public IReadOnlyList<OnnxTensorInfo> Inputs => OnnxTensorText.Describe(_session.InputMetadata);

    /// <summary>The model's outputs as ONNX names them (e.g. <c>PredictedAction: int64[batch]</c>).</summary>
    public IReadOnlyList<OnnxTensorInfo> Outputs => OnnxTensorText.Describe(_session.OutputMetadata);

    /// <summary>The ONNX Runtime version this process runs (from the Microsoft.ML.OnnxRuntime package).</summary>
    public static string RuntimeVersion => OrtEnv.Instance().GetVersionString();

    /// <summary>
    /// The session options used when none are given: one intra-op thread and sequential execution (a policy network
    /// is small; more threads only add hand-over latency and compete with the caller; the README's speed section), all graph optimizations.
    /// </summary>
    public static SessionOptions CreateDefaultSessionOptions() => new()
    {
        IntraOpNumThreads = 1,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    /// <summary>Loads a policy model file.</summary>
    /// <param name="path">Path of the .onnx file.</param>
    /// <param name="options">ONNX Runtime session options, or null for <see cref="CreateDefaultSessionOptions"/>. The caller keeps ownership.</param>
    /// <exception cref="FileNotFoundException">When the file does not exist.</exception>
    /// <exception cref="InvalidDataException">When ONNX Runtime rejects the file (truncated or corrupt model; its message is included) or the model does not have the policy inputs and outputs.</exception>
    public static OnnxPolicy Load(string path, SessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"ONNX model file not found: '{fullPath}'.", fullPath);
        }

        return Open(fullPath, o => new InferenceSession(fullPath, o), options);
    }

    /// <summary>Loads a policy model from its bytes (e.g. <see cref="PolicyOnnxExporter.ToBytes(Trainers.PolicyModel, OnnxExportOptions?)"/>).</summary>
    /// <param name="model">The serialized ONNX model.</param>
    /// <param name="options">ONNX Runtime session options, or null for <see cref="CreateDefaultSessionOptions"/>. The caller keeps ownership.</param>
    /// <exception cref="InvalidDataException">When ONNX Runtime rejects the bytes (its message is included) or the model does not have the policy inputs and outputs.</exception>
    public static OnnxPolicy Load(byte[] model, SessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Open(InMemorySource, o => new InferenceSession(model, o), options);
    }

    /// <summary>The action for one observation.</summary>
    /// <param name="observation">Exactly <see cref="ObservationSize"/> raw values.</param>
    /// <returns><see cref="ActionSize"/> values (a discrete index as a float).</returns>
    /// <exception cref="ArgumentException">When the observation width differs from the model's.</exception>
    public float[] Act(ReadOnlySpan<float> observation)
    {
        var action = new float[ActionSize];
        Act(observation, action);
        return action;
    }

    /// <summary>
    /// The action for one observation, written into <paramref name="action"/> without allocating: the run goes through
    /// input and output tensors preallocated over pinned buffers and reused from call to call (the latency path).
    /// </summary>
    /// <param name="observation">Exactly <see cref="ObservationSize"/> raw values.</param>
    /// <param name="action">At least <see cref="ActionSize"/> values; receives the action (a discrete index as a float).</param>
    /// <exception cref="ArgumentException">When the observation width differs from the model's or <paramref name="action"/> is too short.</exception>
    public void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        CheckObservation(observation);
        if (action.Length < ActionSize)
        {
            throw new ArgumentException($"The action buffer has {action.Length} values; the model '{Source}' writes {ActionSize}.", nameof(action));
        }

        SingleRun run = RentSingleRun();
        try
        {
            observation.CopyTo(run.Observation);
            _session.RunWithBinding(run.Options, run.Binding);
            if (IsDiscrete)
            {
                action[0] = run.Index![0];
            }
            else
            {
                run.Action!.AsSpan().CopyTo(action);
            }
        }
        finally
        {
            ReturnSingleRun(run);
        }
    }

    /// <summary>The actions for a batch of observations stored row after row.</summary>
    /// <param name="observations"><paramref name="batchSize"/>·<see cref="ObservationSize"/> raw values.</param>
    /// <param name="batchSize">Number of observations (≥ 1).</param>
    /// <returns><paramref name="batchSize"/>·<see cref="ActionSize"/> values, row after row.</returns>
    /// <exception cref="ArgumentException">When the length is not <paramref name="batchSize"/>·<see cref="ObservationSize"/>.</exception>
    public float[] Act(ReadOnlySpan<float> observations, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (observations.Length != (long)batchSize * ObservationSize)
        {
            throw new ArgumentException(
                $"The batch has {observations.Length} values but {batchSize} observations of the model '{Source}' need {(long)batchSize * ObservationSize} ({ObservationSize} each, input {_observationText}).",
                nameof(observations));
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (batchSize == 1)
        {
            return Act(observations);
        }

        var result = new float[batchSize * ActionSize];
        using var input = OrtValue.CreateTensorValueFromMemory(observations.ToArray(), [batchSize, ObservationSize]);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(runOptions, _inputNames, [input], _outputNames);
        OrtValue output = outputs.First();
        if (IsDiscrete)
        {
            ReadOnlySpan<long> indices = output.GetTensorDataAsSpan<long>();
            for (int i = 0; i < indices.Length; i++)
            {
                result[i] = indices[i];
            }
        }
        else
        {
            output.GetTensorDataAsSpan<float>().CopyTo(result);
        }

        return result;
    }

    /// <summary>The actions for a batch of observations, one array per observation.</summary>
    /// <exception cref="ArgumentException">When the batch is empty or an observation has the wrong width.</exception>
    public float[][] Act(IReadOnlyList<float[]> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count == 0)
        {
            throw new ArgumentException("The batch is empty.", nameof(observations));
        }

        var flat = new float[checked(observations.Count * ObservationSize)];
        for (int i = 0; i < observations.Count; i++)
        {
            float[] row = observations[i] ?? throw new ArgumentException($"Observation {i} is null.", nameof(observations));
            if (row.Length != ObservationSize)
            {
                throw new ArgumentException(
                    $"Observation {i} has {row.Length} values but the model '{Source}' expects {ObservationSize} (input {_observationText}).",
                    nameof(observations));
            }

            row.CopyTo(flat, i * ObservationSize);
        }

        float[] actions = Act(flat, observations.Count);
        var result = new float[observations.Count][];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = actions.AsSpan(i * ActionSize, ActionSize).ToArray();
        }

        return result;
    }

    /// <summary>The chosen action index for one observation (discrete policies), through the preallocated single-observation path.</summary>
    /// <exception cref="InvalidOperationException">When the policy is continuous.</exception>
    /// <exception cref="ArgumentException">When the observation width differs from the model's.</exception>
    public long ActIndex(ReadOnlySpan<float> observation)
    {
        if (!IsDiscrete)
        {
            throw new InvalidOperationException($"'{Source}' is a continuous policy; use Act.");
        }

        CheckObservation(observation);
        SingleRun run = RentSingleRun();
        try
        {
            observation.CopyTo(run.Observation);
            _session.RunWithBinding(run.Options, run.Binding);
            return run.Index![0];
        }
        finally
        {
            ReturnSingleRun(run);
        }
    }

    /// <summary>Releases the session and the preallocated buffers.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        while (_singleRuns.TryTake(out SingleRun? run))
        {
            run.Dispose();
        }

        _session.Dispose();
    }

    /// <summary>
    /// The custom metadata, read once at load: ONNX Runtime's managed wrapper (1.31) throws a NullReferenceException
    /// for some damaged metadata entries (found by fuzzing), so such a file is refused here with the reason rather than
    /// failing later in whoever asks for the metadata.
    /// </summary>
    private static Dictionary<string, string> ReadMetadata(InferenceSession session, string source)
    {
        Dictionary<string, string> metadata;
        try
        {
            metadata = new Dictionary<string, string>(session.ModelMetadata.CustomMetadataMap, StringComparer.Ordinal);
        }
        catch (NullReferenceException ex)
        {
            throw new InvalidDataException($"'{source}': ONNX Runtime cannot read the model's metadata (a metadata entry is damaged).", ex);
        }

        // This library writes its metadata last and always all of it; a file cut between two entries still parses, so a
        // model of this library with standard keys missing is a truncated file.
        var missing = OnnxExportMetadata.StandardKeys.Where(k => !metadata.ContainsKey(k)).ToList();
        if (metadata.ContainsKey(OnnxExportNames.LibraryVersionKey) && missing.Count > 0)
        {
            throw new InvalidDataException($"'{source}': the model's metadata is incomplete (no {string.Join(", ", missing)}); the file is truncated or damaged.");
        }

        return metadata;
    }

    private static string DescribeAll(IReadOnlyDictionary<string, NodeMetadata> values) =>
        string.Join(", ", values.Select(v => OnnxTensorText.Describe(v.Key, v.Value)));

    private static bool IsTensorOf(NodeMetadata metadata, TensorElementType type, int rank) =>
        metadata.IsTensor && metadata.ElementDataType == type && metadata.Dimensions.Length == rank;

    private static OnnxPolicy Open(string source, Func<SessionOptions, InferenceSession> create, SessionOptions? options)
    {
        InferenceSession session;
        SessionOptions? defaults = options is null ? CreateDefaultSessionOptions() : null;
        try
        {
            session = create(options ?? defaults!);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"ONNX Runtime cannot load '{source}': {ex.Message}", ex);
        }
        finally
        {
            // The native session copies what it needs from the options at creation.
            defaults?.Dispose();
        }

        try
        {
            return new OnnxPolicy(session, source);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private void CheckObservation(ReadOnlySpan<float> observation)
    {
        if (observation.Length != ObservationSize)
        {
            throw new ArgumentException(
                $"The observation has {observation.Length} values but the model '{Source}' expects {ObservationSize} (input {_observationText}).",
                nameof(observation));
        }
    }

    private SingleRun RentSingleRun()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _singleRuns.TryTake(out SingleRun? run) ? run : new SingleRun(_session, _inputNames[0], ObservationSize, ActionSize, IsDiscrete, _chunkShape);
    }

    private void ReturnSingleRun(SingleRun run)
    {
        _singleRuns.Add(run);
        // A Dispose that raced with this call has already drained the pool; drain what came back after it.
        if (Volatile.Read(ref _disposed) != 0)
        {
            while (_singleRuns.TryTake(out SingleRun? late))
            {
                late.Dispose();
            }
        }
    }

    /// <summary>
    /// One observation's input and output tensors over pinned arrays, bound once to the session (an IO binding skips
    /// the per-run name lookups, a little faster than a named Run in the 2×256 latency bench), plus run options: a
    /// run copies the observation in and reads the action out, with no allocation. ConcurrentBag hands a thread back the instance it returned, so
    /// a steady caller reuses warm buffers and concurrent callers each get their own.
    /// </summary>
    private sealed class SingleRun : IDisposable
    {
        public SingleRun(InferenceSession session, string inputName, int observationSize, int actionSize, bool discrete, long[]? chunkShape)
        {
            Observation = GC.AllocateArray<float>(observationSize, pinned: true);
            Input = OrtValue.CreateTensorValueFromMemory(Observation, [1, observationSize]);
            if (discrete)
            {
                Index = GC.AllocateArray<long>(1, pinned: true);
                Output = OrtValue.CreateTensorValueFromMemory(Index, [1]);
            }
            else
            {
                Action = GC.AllocateArray<float>(actionSize, pinned: true);
                Output = OrtValue.CreateTensorValueFromMemory(Action, chunkShape ?? [1, actionSize]);
            }

            Options = new RunOptions();
            Binding = session.CreateIoBinding();
            Binding.BindInput(inputName, Input);
            Binding.BindOutput(ActionOutputName, Output);
        }

        public OrtIoBinding Binding { get; }

        public float[] Observation { get; }

        public float[]? Action { get; }

        public long[]? Index { get; }

        public OrtValue Input { get; }

        public OrtValue Output { get; }

        public RunOptions Options { get; }

        public void Dispose()
        {
            Binding.Dispose();
            Input.Dispose();
            Output.Dispose();
            Options.Dispose();
        }
    }
}
