using System.Collections.ObjectModel;

namespace OfflineRl.MLNet.Data;

/// <summary>
/// A validated, immutable, columnar store of logged episodes: observations, actions, rewards, end flags,
/// optional next observations, and derived per-step columns (<see cref="ColumnNames.ReturnToGo"/>,
/// <see cref="ColumnNames.Advantage"/>, <see cref="ColumnNames.Weight"/>).
/// </summary>
/// <remarks>
/// Every column is one flat array (row-major for vectors); there are no per-transition objects, so a
/// dataset costs little more than its raw floats. Build one through the loaders in <see cref="DataCatalog"/>
/// or <see cref="TrajectoryDatasetBuilder"/>; both validate (docs/data.md). Transforms return new datasets
/// that share the unchanged columns.
/// </remarks>
public sealed partial class TrajectoryDataset
{
    private readonly float[] _observations;
    private readonly float[]? _continuousActions;
    private readonly int[]? _discreteActions;
    private readonly float[] _rewards;
    private readonly bool[] _terminals;
    private readonly bool[] _truncations;
    private readonly float[]? _nextObservations;
    private readonly int[] _episodeOffsets;
    private readonly long[] _episodeIds;
    private readonly Dictionary<string, float[]> _columns;

    internal TrajectoryDataset(
        string source,
        int observationDimension,
        ActionSpace actionSpace,
        float[] observations,
        float[]? continuousActions,
        int[]? discreteActions,
        float[] rewards,
        bool[] terminals,
        bool[] truncations,
        float[]? nextObservations,
        int[] episodeOffsets,
        long[] episodeIds,
        Dictionary<string, float[]>? columns,
        ObservationNormalization? normalization,
        IReadOnlyList<string>? notes)
    {
        Source = source;
        ObservationDimension = observationDimension;
        ActionSpace = actionSpace;
        _observations = observations;
        _continuousActions = continuousActions;
        _discreteActions = discreteActions;
        _rewards = rewards;
        _terminals = terminals;
        _truncations = truncations;
        _nextObservations = nextObservations;
        _episodeOffsets = episodeOffsets;
        _episodeIds = episodeIds;
        _columns = columns ?? new Dictionary<string, float[]>(StringComparer.Ordinal);
        ObservationNormalization = normalization;
        Notes = new ReadOnlyCollection<string>((notes ?? []).ToArray());
    }

    /// <summary>Where the data came from: a file path or a caller-given name. Used in every message.</summary>
    public string Source { get; }

    /// <summary>Width of one observation vector.</summary>
    public int ObservationDimension { get; }

    /// <summary>The action space: discrete with a count, or continuous with a dimension and optional bounds.</summary>
    public ActionSpace ActionSpace { get; }

    /// <summary>Number of steps (transitions).</summary>
    public int Count => _rewards.Length;

    /// <summary>Number of episodes.</summary>
    public int EpisodeCount => _episodeIds.Length;

    /// <summary>
    /// The normalization already applied to <see cref="Observations"/>, if a transform normalized them;
    /// trainers fold it into the policy so the policy acts on raw observations.
    /// </summary>
    public ObservationNormalization? ObservationNormalization { get; }

    /// <summary>What loading assumed or changed on request (for example, end flags that were absent).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>All observations, row-major: row <c>i</c> is <c>[i·ObservationDimension, (i+1)·ObservationDimension)</c>.</summary>
    public ReadOnlySpan<float> Observations => _observations;

    /// <summary>True when the source recorded next observations.</summary>
    public bool HasNextObservations => _nextObservations is not null;

    /// <summary>Recorded next observations, row-major; empty when <see cref="HasNextObservations"/> is false.</summary>
    public ReadOnlySpan<float> NextObservations => _nextObservations;

    /// <summary>Continuous actions, row-major (<see cref="ActionSpace"/>.Dimension per row).</summary>
    /// <exception cref="InvalidOperationException">When the actions are discrete.</exception>
    public ReadOnlySpan<float> ContinuousActions => _continuousActions ??
        throw new InvalidOperationException($"{Source}: the actions are discrete; use {nameof(DiscreteActions)}.");

    /// <summary>Discrete action indices, one per row.</summary>
    /// <exception cref="InvalidOperationException">When the actions are continuous.</exception>
    public ReadOnlySpan<int> DiscreteActions => _discreteActions ??
        throw new InvalidOperationException($"{Source}: the actions are continuous; use {nameof(ContinuousActions)}.");

    /// <summary>Rewards, one per row.</summary>
    public ReadOnlySpan<float> Rewards => _rewards;

    /// <summary>Terminal flags: the MDP ended after this step.</summary>
    public ReadOnlySpan<bool> IsTerminal => _terminals;

    /// <summary>Truncation flags: the episode was cut after this step, future value exists.</summary>
    public ReadOnlySpan<bool> IsTruncated => _truncations;

    /// <summary>Episode boundaries: episode <c>e</c> is rows <c>[offsets[e], offsets[e+1])</c>; length <c>EpisodeCount + 1</c>.</summary>
    public ReadOnlySpan<int> EpisodeOffsets => _episodeOffsets;

    /// <summary>Episode ids as logged, one per episode.</summary>
    public ReadOnlySpan<long> EpisodeIds => _episodeIds;

    /// <summary>Names of the derived per-step columns present (ReturnToGo, Advantage, Weight, …).</summary>
    public IReadOnlyCollection<string> ColumnNamesPresent => _columns.Keys;

    /// <summary>Observation of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> GetObservation(int row) =>
        _observations.AsSpan(row * ObservationDimension, ObservationDimension);

    /// <summary>Continuous action of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> GetContinuousAction(int row) =>
        ContinuousActions.Slice(row * ActionSpace.Dimension, ActionSpace.Dimension);

    /// <summary>The episode at position <paramref name="index"/>.</summary>
    public Episode GetEpisode(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, EpisodeCount);
        var start = _episodeOffsets[index];
        var end = _episodeOffsets[index + 1];
        return new Episode(index, _episodeIds[index], start, end - start, _terminals[end - 1]);
    }

    /// <summary>All episodes in order.</summary>
    public IEnumerable<Episode> Episodes
    {
        get
        {
            for (var e = 0; e < EpisodeCount; e++)
            {
                yield return GetEpisode(e);
            }
        }
    }

    /// <summary>True when the derived column <paramref name="name"/> exists.</summary>
    public bool HasColumn(string name) => _columns.ContainsKey(name);

    /// <summary>The derived per-step column <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">When absent; the message lists the columns present.</exception>
    public ReadOnlySpan<float> GetColumn(string name) => _columns.TryGetValue(name, out var values)
        ? values
        : throw new KeyNotFoundException(
            $"{Source}: the dataset has no '{name}' column (present: {(_columns.Count == 0 ? "none" : string.Join(", ", _columns.Keys))}). " +
            "Add the transform that computes it earlier in the pipeline.");

    /// <summary>A copy of this dataset with per-step column <paramref name="name"/> set (replaced if present).</summary>
    /// <exception cref="ArgumentException">When the length differs from <see cref="Count"/> or a value is not finite.</exception>
    public TrajectoryDataset WithColumn(string name, float[] values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != Count)
        {
            throw new ArgumentException($"{Source}: column '{name}' has {values.Length} values but the dataset has {Count} steps.");
        }

        var bad = Array.FindIndex(values, v => !float.IsFinite(v));
        if (bad >= 0)
        {
            throw new ArgumentException($"{Source}: {DescribeRow(bad)}: column '{name}' is {values[bad]}.");
        }

        var columns = new Dictionary<string, float[]>(_columns, StringComparer.Ordinal) { [name] = values };
        return Copy(columns: columns);
    }

    /// <summary>A copy with new rewards (same length, finite).</summary>
    public TrajectoryDataset WithRewards(float[] rewards)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        if (rewards.Length != Count)
        {
            throw new ArgumentException($"{Source}: {rewards.Length} rewards given for {Count} steps.");
        }

        var bad = Array.FindIndex(rewards, v => !float.IsFinite(v));
        if (bad >= 0)
        {
            throw new ArgumentException($"{Source}: {DescribeRow(bad)}: reward is {rewards[bad]}.");
        }

        return Copy(rewards: rewards);
    }

    /// <summary>
    /// A copy with observations (and next observations, when recorded) replaced, recording the normalization
    /// that produced them so trainers can fold it into their policies.
    /// </summary>
    public TrajectoryDataset WithObservations(float[] observations, float[]? nextObservations, ObservationNormalization? normalization)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Length != _observations.Length || (nextObservations?.Length ?? -1) != (_nextObservations?.Length ?? -1))
        {
            throw new ArgumentException($"{Source}: replacement observations must keep the dataset's shape.");
        }

        return Copy(observations: observations, nextObservations: nextObservations, normalization: normalization, replaceNormalization: true);
    }

    /// <summary>A dataset of the given episodes (by position), in the given order, with all columns carried along.</summary>
    public TrajectoryDataset SelectEpisodes(IReadOnlyList<int> episodeIndices)
    {
        ArgumentNullException.ThrowIfNull(episodeIndices);
        if (episodeIndices.Count == 0)
        {
            throw new ArgumentException($"{Source}: selecting zero episodes would leave an empty dataset.");
        }

        var rows = 0;
        foreach (var e in episodeIndices)
        {
            rows += GetEpisode(e).Length;
        }

        var obsDim = ObservationDimension;
        var actDim = ActionSpace.Dimension;
        var obs = new float[rows * obsDim];
        var next = _nextObservations is null ? null : new float[rows * obsDim];
        var cont = _continuousActions is null ? null : new float[rows * actDim];
        var disc = _discreteActions is null ? null : new int[rows];
        var rew = new float[rows];
        var term = new bool[rows];
        var trunc = new bool[rows];
        var offsets = new int[episodeIndices.Count + 1];
        var ids = new long[episodeIndices.Count];
        var columns = _columns.ToDictionary(kv => kv.Key, _ => new float[rows], StringComparer.Ordinal);
        var at = 0;
        for (var k = 0; k < episodeIndices.Count; k++)
        {
            var ep = GetEpisode(episodeIndices[k]);
            offsets[k] = at;
            ids[k] = ep.Id;
            _observations.AsSpan(ep.Start * obsDim, ep.Length * obsDim).CopyTo(obs.AsSpan(at * obsDim));
            _nextObservations?.AsSpan(ep.Start * obsDim, ep.Length * obsDim).CopyTo(next.AsSpan(at * obsDim));
            _continuousActions?.AsSpan(ep.Start * actDim, ep.Length * actDim).CopyTo(cont.AsSpan(at * actDim));
            _discreteActions?.AsSpan(ep.Start, ep.Length).CopyTo(disc.AsSpan(at));
            _rewards.AsSpan(ep.Start, ep.Length).CopyTo(rew.AsSpan(at));
            _terminals.AsSpan(ep.Start, ep.Length).CopyTo(term.AsSpan(at));
            _truncations.AsSpan(ep.Start, ep.Length).CopyTo(trunc.AsSpan(at));
            foreach (var (name, values) in _columns)
            {
                values.AsSpan(ep.Start, ep.Length).CopyTo(columns[name].AsSpan(at));
            }

            at += ep.Length;
        }

        offsets[^1] = at;
        return new TrajectoryDataset(Source, obsDim, ActionSpace, obs, cont, disc, rew, term, trunc, next, offsets, ids, columns, ObservationNormalization, Notes);
    }

    /// <summary>"episode {id}, step {k}" for a row, the form every data message uses.</summary>
    public string DescribeRow(int row)
    {
        var e = EpisodeOfRow(row);
        return $"episode {_episodeIds[e]}, step {row - _episodeOffsets[e]}";
    }

    /// <summary>The episode position containing row <paramref name="row"/>.</summary>
    public int EpisodeOfRow(int row) => EpisodeOfRow(_episodeOffsets, row);

    /// <summary>The episode whose rows [offsets[e], offsets[e+1]) contain <paramref name="row"/> (episodes are never empty).</summary>
    internal static int EpisodeOfRow(int[] offsets, int row)
    {
        var e = Array.BinarySearch(offsets, row);
        return e >= 0 ? e : ~e - 1;
    }

    internal float[] ObservationArray => _observations;

    internal float[]? NextObservationArray => _nextObservations;

    internal float[] RewardArray => _rewards;

    private TrajectoryDataset Copy(
        float[]? observations = null,
        float[]? nextObservations = null,
        float[]? rewards = null,
        Dictionary<string, float[]>? columns = null,
        ObservationNormalization? normalization = null,
        bool replaceNormalization = false) =>
        new(
            Source,
            ObservationDimension,
            ActionSpace,
            observations ?? _observations,
            _continuousActions,
            _discreteActions,
            rewards ?? _rewards,
            _terminals,
            _truncations,
            replaceNormalization ? nextObservations : nextObservations ?? _nextObservations,
            _episodeOffsets,
            _episodeIds,
            columns ?? _columns,
            replaceNormalization ? normalization : ObservationNormalization,
            Notes);
}
