namespace OfflineRl.MLNet.Data;

/// <summary>
/// Builds a <see cref="TrajectoryDataset"/> step by step (generators, simulators, custom readers). Steps of one
/// episode must be added together and in order. <see cref="Build"/> runs the same validation as every loader.
/// </summary>
public sealed class TrajectoryDatasetBuilder
{
    private readonly List<float> _observations = [];
    private readonly List<float> _nextObservations = [];
    private readonly List<double> _actions = [];
    private readonly List<float> _rewards = [];
    private readonly List<bool> _terminals = [];
    private readonly List<bool> _truncations = [];
    private readonly List<long> _episodeIds = [];
    private readonly List<long> _steps = [];
    private readonly List<string> _errors = [];
    private bool _anyContinuous;
    private bool _anyDiscrete;
    private bool _anyNext;
    private bool _anyStepMissing;

    /// <summary>Starts an empty builder.</summary>
    /// <param name="source">Name used in messages.</param>
    /// <param name="observationDimension">Width of every observation.</param>
    /// <param name="actionDimension">Width of continuous actions (1 for discrete).</param>
    public TrajectoryDatasetBuilder(string source, int observationDimension, int actionDimension = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(observationDimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionDimension, 1);
        Source = source;
        ObservationDimension = observationDimension;
        ActionDimension = actionDimension;
    }

    /// <summary>Name used in messages.</summary>
    public string Source { get; }

    /// <summary>Width of every observation.</summary>
    public int ObservationDimension { get; }

    /// <summary>Width of continuous actions.</summary>
    public int ActionDimension { get; }

    /// <summary>False when the source records no end flags at all (the flags added are placeholders): how episodes end is then for <see cref="DatasetLoadOptions.MissingEndFlags"/> to say.</summary>
    internal bool EndFlagsGiven { get; set; } = true;

    /// <summary>How the source names its columns in messages.</summary>
    internal ColumnLabels Labels { get; set; } = ColumnLabels.Default;

    /// <summary>Steps added so far.</summary>
    public int Count => _rewards.Count;

    /// <summary>Adds one step with a discrete action.</summary>
    /// <param name="episodeId">Episode the step belongs to.</param>
    /// <param name="observation">Observation before acting.</param>
    /// <param name="action">Index of the action taken.</param>
    /// <param name="reward">Reward received.</param>
    /// <param name="isTerminal">The MDP ended after this step.</param>
    /// <param name="isTruncated">The episode was cut after this step.</param>
    /// <param name="nextObservation">Observation after the step (optional; give it for all steps or none).</param>
    /// <param name="step">Logged step index (optional; checked for order when given).</param>
    public void AddStep(long episodeId, ReadOnlySpan<float> observation, int action, float reward, bool isTerminal, bool isTruncated,
        ReadOnlySpan<float> nextObservation = default, long? step = null)
    {
        _anyDiscrete = true;
        Add(episodeId, observation, [action], reward, isTerminal, isTruncated, nextObservation, step);
    }

    /// <summary>Adds one step with a continuous action.</summary>
    /// <param name="episodeId">Episode the step belongs to.</param>
    /// <param name="observation">Observation before acting.</param>
    /// <param name="action">Action vector taken.</param>
    /// <param name="reward">Reward received.</param>
    /// <param name="isTerminal">The MDP ended after this step.</param>
    /// <param name="isTruncated">The episode was cut after this step.</param>
    /// <param name="nextObservation">Observation after the step (optional; give it for all steps or none).</param>
    /// <param name="step">Logged step index (optional; checked for order when given).</param>
    public void AddStep(long episodeId, ReadOnlySpan<float> observation, ReadOnlySpan<float> action, float reward, bool isTerminal, bool isTruncated,
        ReadOnlySpan<float> nextObservation = default, long? step = null)
    {
        _anyContinuous = true;
        Span<double> a = action.Length <= 64 ? stackalloc double[action.Length] : new double[action.Length];
        for (var i = 0; i < action.Length; i++)
        {
            a[i] = action[i];
        }

        Add(episodeId, observation, a, reward, isTerminal, isTruncated, nextObservation, step);
    }

    /// <summary>Validates everything added and returns the dataset.</summary>
    /// <exception cref="DatasetValidationException">Listing every problem found.</exception>
    public TrajectoryDataset Build(DatasetLoadOptions? options = null)
    {
        if (_anyContinuous && _anyDiscrete)
        {
            _errors.Insert(0, "both discrete and continuous actions were added; a dataset has one kind");
        }

        if (_anyNext && _nextObservations.Count != _observations.Count)
        {
            _errors.Add("next observations were given for some steps but not all");
        }

        var raw = new RawTrajectoryColumns
        {
            Source = Source,
            ObservationDimension = ObservationDimension,
            ActionDimension = _anyDiscrete ? 1 : ActionDimension,
            Observations = [.. _observations],
            Actions = [.. _actions],
            ActionsIntegerTyped = _anyDiscrete && !_anyContinuous,
            Rewards = [.. _rewards],
            Terminals = EndFlagsGiven ? [.. _terminals] : null,
            Truncations = EndFlagsGiven ? [.. _truncations] : null,
            NextObservations = _anyNext && _nextObservations.Count == _observations.Count ? [.. _nextObservations] : null,
            EpisodeIds = [.. _episodeIds],
            Steps = _anyStepMissing ? null : [.. _steps],
            Labels = Labels,
        };
        raw.Errors.AddRange(_errors);
        return DatasetValidator.Validate(raw, options);
    }

    private void Add(long episodeId, ReadOnlySpan<float> observation, ReadOnlySpan<double> action, float reward, bool terminal, bool truncated,
        ReadOnlySpan<float> next, long? step)
    {
        var row = _rewards.Count + 1;
        if (observation.Length != ObservationDimension && _errors.Count < 200)
        {
            _errors.Add($"row {row} (episode {episodeId}): observation has {observation.Length} values, expected {ObservationDimension}");
        }

        var actionWidth = _anyDiscrete ? 1 : ActionDimension;
        if (action.Length != actionWidth && _errors.Count < 200)
        {
            _errors.Add($"row {row} (episode {episodeId}): action has {action.Length} values, expected {actionWidth}");
        }

        if (!next.IsEmpty && next.Length != ObservationDimension && _errors.Count < 200)
        {
            _errors.Add($"row {row} (episode {episodeId}): next observation has {next.Length} values, expected {ObservationDimension}");
        }

        AddFixed(_observations, observation, ObservationDimension);
        foreach (var v in action[..Math.Min(action.Length, actionWidth)])
        {
            _actions.Add(v);
        }

        for (var i = action.Length; i < actionWidth; i++)
        {
            _actions.Add(double.NaN);
        }

        if (!next.IsEmpty)
        {
            _anyNext = true;
            AddFixed(_nextObservations, next, ObservationDimension);
        }

        _rewards.Add(reward);
        _terminals.Add(terminal);
        _truncations.Add(truncated);
        _episodeIds.Add(episodeId);
        _steps.Add(step ?? 0);
        _anyStepMissing |= step is null;
    }

    private static void AddFixed(List<float> target, ReadOnlySpan<float> values, int width)
    {
        for (var i = 0; i < width; i++)
        {
            target.Add(i < values.Length ? values[i] : float.NaN);
        }
    }
}
