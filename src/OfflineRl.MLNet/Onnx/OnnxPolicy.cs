namespace OfflineRl.MLNet.Onnx;

/// <summary>
/// Serves an exported policy (DESIGN §6) from an .onnx file in ONNX Runtime: raw observations in, actions in
/// environment units out. Continuous policies return their action vector; discrete policies return the chosen
/// index as a one-element vector (the dataset's action representation) or through <see cref="ActIndex"/>.
/// Thread-safe; dispose to release the session.
/// </summary>
public sealed class OnnxPolicy : IDisposable
{
    /// <summary>The observation input's name.</summary>
    public const string ObservationInputName = "Observation";

    /// <summary>The action output's name.</summary>
    public const string ActionOutputName = "Action";

    /// <summary>The discrete policies' probability output's name.</summary>
    public const string ActionProbabilitiesOutputName = "ActionProbabilities";

    private readonly OnnxModelSession _session;
    private readonly OnnxTensorInfo _observation;
    private readonly string[] _actionOutput = [ActionOutputName];

    private OnnxPolicy(OnnxModelSession session)
    {
        _session = session;
        var problems = new List<string>();
        OnnxTensorInfo? observation = session.FindInput(ObservationInputName) ?? (session.Inputs.Count == 1 ? session.Inputs[0] : null);
        if (observation is null)
        {
            problems.Add($"no input named '{ObservationInputName}'");
        }
        else if (session.Inputs.Count != 1)
        {
            problems.Add($"{session.Inputs.Count} inputs; a policy model takes only '{ObservationInputName}'");
        }
        else if (observation.ElementType != OnnxElementType.Float || observation.Rank != 2 || observation.Shape[1] < 1)
        {
            problems.Add($"input {observation} is not float32[batch, n] with a fixed n");
        }

        OnnxTensorInfo? action = session.FindOutput(ActionOutputName);
        if (action is null)
        {
            problems.Add($"no output named '{ActionOutputName}'");
        }
        else if (action.ElementType == OnnxElementType.Int64 && action.Rank == 1)
        {
            IsDiscrete = true;
            ActionSize = 1;
        }
        else if (action.ElementType == OnnxElementType.Float && action.Rank == 2 && action.Shape[1] >= 1)
        {
            ActionSize = checked((int)action.Shape[1]);
        }
        else
        {
            problems.Add($"output {action} is neither float32[batch, n] (continuous) nor int64[batch] (discrete)");
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException($"'{session.Source}' is not a policy model: {string.Join("; ", problems)}. It has inputs ({string.Join(", ", session.Inputs)}) and outputs ({string.Join(", ", session.Outputs)}).");
        }

        _observation = observation!;
        ObservationSize = checked((int)_observation.Shape[1]);
    }

    /// <summary>The underlying session (inputs, outputs, metadata, raw runs).</summary>
    public OnnxModelSession Session => _session;

    /// <summary>Width of one observation.</summary>
    public int ObservationSize { get; }

    /// <summary>Width of one action: the action dimension, or 1 for discrete policies.</summary>
    public int ActionSize { get; }

    /// <summary>True when the model outputs an int64 action index.</summary>
    public bool IsDiscrete { get; }

    /// <summary>The model's metadata properties (library version, algorithm, options, data hash).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _session.Metadata;

    /// <summary>Loads a policy model.</summary>
    /// <param name="path">Path of the .onnx file.</param>
    /// <param name="options">Runtime and session options, or null for the defaults.</param>
    /// <exception cref="FileNotFoundException">When the file does not exist.</exception>
    /// <exception cref="OnnxRuntimeException">When ONNX Runtime rejects the file (truncated or corrupt model; its message is included).</exception>
    /// <exception cref="InvalidDataException">When the model does not have the policy inputs and outputs.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">When the runtime library cannot be found; the message says how to install it.</exception>
    public static OnnxPolicy Load(string path, OnnxSessionOptions? options = null)
    {
        OnnxModelSession session = OnnxModelSession.Open(path, options);
        try
        {
            return new OnnxPolicy(session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The action for one observation.</summary>
    /// <param name="observation">Exactly <see cref="ObservationSize"/> raw values.</param>
    /// <returns><see cref="ActionSize"/> values (a discrete index as a float).</returns>
    /// <exception cref="ArgumentException">When the observation width differs from the model's.</exception>
    public float[] Act(ReadOnlySpan<float> observation)
    {
        if (observation.Length != ObservationSize)
        {
            throw new ArgumentException(
                $"The observation has {observation.Length} values but the model '{_session.Source}' expects {ObservationSize} (input {_observation}).",
                nameof(observation));
        }

        return Act(observation, 1);
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
                $"The batch has {observations.Length} values but {batchSize} observations of the model '{_session.Source}' need {(long)batchSize * ObservationSize} ({ObservationSize} each, input {_observation}).",
                nameof(observations));
        }

        OnnxTensor action = Run(observations.ToArray(), batchSize);
        if (!IsDiscrete)
        {
            return action.GetFloatData();
        }

        long[] indices = action.GetInt64Data();
        var result = new float[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            result[i] = indices[i];
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
                    $"Observation {i} has {row.Length} values but the model '{_session.Source}' expects {ObservationSize} (input {_observation}).",
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

    /// <summary>The chosen action index for one observation (discrete policies).</summary>
    /// <exception cref="InvalidOperationException">When the policy is continuous.</exception>
    /// <exception cref="ArgumentException">When the observation width differs from the model's.</exception>
    public long ActIndex(ReadOnlySpan<float> observation)
    {
        if (!IsDiscrete)
        {
            throw new InvalidOperationException($"'{_session.Source}' is a continuous policy; use Act.");
        }

        if (observation.Length != ObservationSize)
        {
            throw new ArgumentException(
                $"The observation has {observation.Length} values but the model '{_session.Source}' expects {ObservationSize} (input {_observation}).",
                nameof(observation));
        }

        return Run(observation.ToArray(), 1).GetInt64Data()[0];
    }

    /// <summary>Releases the session.</summary>
    public void Dispose() => _session.Dispose();

    private OnnxTensor Run(float[] observations, int batchSize)
    {
        OnnxTensor input = OnnxTensor.FromFloat(_observation.Name, observations, batchSize, ObservationSize);
        return _session.Run([input], _actionOutput)[0];
    }
}
