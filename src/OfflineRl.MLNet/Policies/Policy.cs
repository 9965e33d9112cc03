using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Policies;

/// <summary>
/// A trained decision policy, ready to deploy: it acts, gives log-probabilities, carries its preprocessing and saves.
/// The acting methods take <b>raw</b> observations and give actions in <b>environment units</b> (the policy applies its
/// <see cref="Preprocessing"/>); discrete actions are indices stored as floats. Get one from a trained model
/// (<c>model.Policy</c>), with <see cref="Load"/>, or with <see cref="CreateRandom"/>; draw random actions with a
/// <see cref="PolicySampler"/>.
/// </summary>
/// <remarks>
/// What a trainer drives — networks, parameters, gradients, losses — is internal to the library, and this type assumes no
/// single network: a policy may be one network with a distribution head, or several networks together, or one that emits
/// several actions at once. Instances keep scratch buffers: use one instance from one thread at a time.
/// </remarks>
public abstract class Policy : IPolicy
{
    /// <summary>Checks the dimensions and that the preprocessing fits them.</summary>
    private protected Policy(PolicyKind kind, int observationDimension, int actionDimension, int actionCount, PolicyPreprocessing? preprocessing, int chunkLength = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(observationDimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkLength, 1);
        ChunkLength = chunkLength;
        Kind = kind;
        ObservationDimension = observationDimension;
        ActionDimension = actionDimension;
        ActionCount = actionCount;
        Preprocessing = preprocessing ?? PolicyPreprocessing.Identity;
        if (Preprocessing.ObservationMean is { } mean && mean.Count != observationDimension)
        {
            throw new ArgumentException($"Preprocessing normalises {mean.Count} observation dimensions; the policy has {observationDimension}.");
        }

        if (Preprocessing.ActionLow is { } low && (kind == PolicyKind.Categorical || low.Count != actionDimension))
        {
            throw new ArgumentException($"Preprocessing scales {low.Count} action dimensions; the policy has {(kind == PolicyKind.Categorical ? 0 : actionDimension)} continuous ones.");
        }
    }

    /// <inheritdoc />
    public PolicyKind Kind { get; }

    /// <inheritdoc />
    public int ObservationDimension { get; }

    /// <inheritdoc />
    public int ActionDimension { get; }

    /// <inheritdoc />
    public int ActionCount { get; }

    /// <inheritdoc />
    public PolicyPreprocessing Preprocessing { get; }

    /// <inheritdoc />
    public int ChunkLength { get; }

    /// <summary>Values the acting methods write per observation: <see cref="ChunkLength"/> × <see cref="ActionDimension"/>.</summary>
    internal int ActionsPerRow => ChunkLength * ActionDimension;

    /// <summary>Loads a policy saved by <see cref="Save"/>.</summary>
    /// <param name="path">The policy file.</param>
    /// <exception cref="InvalidDataException">When the file is not a policy file, has an unknown version or is inconsistent.</exception>
    public static Policy Load(string path) => PolicySerializer.Load(path);

    /// <summary>
    /// A policy of <paramref name="kind"/> with randomly initialized weights (PyTorch's default for linear layers, drawn
    /// from <paramref name="seed"/>): for latency and export checks, and as an untrained baseline.
    /// </summary>
    /// <param name="kind">The policy family.</param>
    /// <param name="observationDimension">Width of an observation.</param>
    /// <param name="actions">The number of discrete actions for <see cref="PolicyKind.Categorical"/>, else the action dimension.</param>
    /// <param name="hiddenSizes">Hidden layer widths of the ReLU network (default 256, 256).</param>
    /// <param name="preprocessing">Observation normalization and action bounds, or null for none.</param>
    /// <param name="seed">Seeds the weights: the same seed gives the same policy.</param>
    public static Policy CreateRandom(
        PolicyKind kind, int observationDimension, int actions, IReadOnlyList<int>? hiddenSizes = null, PolicyPreprocessing? preprocessing = null, int seed = 0)
    {
        var network = hiddenSizes is null ? new PolicyNetworkOptions() : new PolicyNetworkOptions { HiddenSizes = [.. hiddenSizes] };
        MlpHead head = kind switch
        {
            PolicyKind.Categorical => new CategoricalHead(observationDimension, actions, network, preprocessing),
            PolicyKind.Gaussian => new GaussianHead(observationDimension, actions, network, preprocessing),
            PolicyKind.Deterministic => new DeterministicHead(observationDimension, actions, network, preprocessing),
            PolicyKind.SquashedGaussian => new SquashedGaussianHead(observationDimension, actions, network, preprocessing),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown policy kind."),
        };
        head.Initialize(new NnRandom((ulong)seed));
        return head;
    }

    /// <inheritdoc />
    public void Act(ReadOnlySpan<float> observation, Span<float> action) => Act(observation, 1, action);

    /// <inheritdoc />
    public void Act(ReadOnlySpan<float> observations, int batch, Span<float> actions)
    {
        CheckBatch(observations, batch, actions, nameof(actions));
        ActCore(observations, batch, actions);
    }

    /// <inheritdoc />
    public float LogProb(ReadOnlySpan<float> observation, ReadOnlySpan<float> action)
    {
        Span<float> result = stackalloc float[1];
        LogProb(observation, action, 1, result);
        return result[0];
    }

    /// <inheritdoc />
    public void LogProb(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int batch, Span<float> logProbs)
    {
        CheckBatch(observations, batch, actions, nameof(actions));
        if (logProbs.Length < batch)
        {
            throw new ArgumentException($"logProbs has {logProbs.Length} values; {batch} are needed.", nameof(logProbs));
        }

        LogProbCore(observations, actions, batch, logProbs);
    }

    /// <inheritdoc />
    public void Save(string path) => PolicySerializer.Save(this, path);

    /// <summary>
    /// A random action for one raw observation, drawn with the engine's <paramref name="random"/> (users draw through a
    /// <see cref="PolicySampler"/>, which owns one).
    /// </summary>
    internal void Sample(ReadOnlySpan<float> observation, Span<float> action, NnRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        CheckBatch(observation, 1, action, nameof(action));
        SampleCore(observation, action, random);
    }

    /// <summary>Greedy actions for checked spans of <paramref name="batch"/> raw observations.</summary>
    private protected abstract void ActCore(ReadOnlySpan<float> observations, int batch, Span<float> actions);

    /// <summary>log π for checked spans of <paramref name="batch"/> raw observations and environment-unit actions.</summary>
    private protected abstract void LogProbCore(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, int batch, Span<float> logProbs);

    /// <summary>One random environment-unit action for one checked raw observation.</summary>
    private protected abstract void SampleCore(ReadOnlySpan<float> observation, Span<float> action, NnRandom random);

    /// <summary>Throws unless the spans hold <paramref name="batch"/> rows of observations and of actions.</summary>
    private protected void CheckBatch(ReadOnlySpan<float> observations, int batch, ReadOnlySpan<float> actions, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        if (observations.Length < batch * ObservationDimension)
        {
            throw new ArgumentException($"Observations have {observations.Length} values; {batch} rows of {ObservationDimension} need {batch * ObservationDimension}.", nameof(observations));
        }

        if (actions.Length < batch * ActionsPerRow)
        {
            throw new ArgumentException($"{name} has {actions.Length} values; {batch} rows of {ActionsPerRow} need {batch * ActionsPerRow}.", name);
        }
    }
}
