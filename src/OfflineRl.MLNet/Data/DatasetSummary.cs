namespace OfflineRl.MLNet.Data;

/// <summary>What <c>offlinerl inspect</c> reports about a dataset; every number computed from the data.</summary>
public sealed class DatasetSummary
{
    /// <summary>Where the data came from.</summary>
    public required string Source { get; init; }

    /// <summary>Number of episodes.</summary>
    public required int Episodes { get; init; }

    /// <summary>Number of steps.</summary>
    public required int Steps { get; init; }

    /// <summary>Observation width.</summary>
    public required int ObservationDimension { get; init; }

    /// <summary>The action space, as text (e.g. "Discrete(2)").</summary>
    public required string ActionSpace { get; init; }

    /// <summary>Undiscounted episode return: minimum, mean, maximum.</summary>
    public required SummaryStatistics EpisodeReturn { get; init; }

    /// <summary>Episode length: minimum, mean, maximum.</summary>
    public required SummaryStatistics EpisodeLength { get; init; }

    /// <summary>Episodes whose last step is terminal.</summary>
    public required int TerminalEpisodes { get; init; }

    /// <summary>Episodes whose last step is truncated.</summary>
    public required int TruncatedEpisodes { get; init; }

    /// <summary>True when the data records next observations.</summary>
    public required bool HasNextObservations { get; init; }

    /// <summary>Discrete action counts by index; null for continuous actions.</summary>
    public IReadOnlyList<int>? ActionHistogram { get; init; }

    /// <summary>Continuous action statistics per dimension; null for discrete actions.</summary>
    public IReadOnlyList<SummaryStatistics>? ActionRanges { get; init; }

    /// <summary>Loader notes: assumptions made and flags changed on request.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Computes the summary of <paramref name="data"/>.</summary>
    public static DatasetSummary Of(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var returns = new double[data.EpisodeCount];
        var lengths = new double[data.EpisodeCount];
        var terminal = 0;
        foreach (var ep in data.Episodes)
        {
            double sum = 0;
            foreach (var r in data.Rewards.Slice(ep.Start, ep.Length))
            {
                sum += r;
            }

            returns[ep.Index] = sum;
            lengths[ep.Index] = ep.Length;
            terminal += ep.EndsTerminal ? 1 : 0;
        }

        int[]? histogram = null;
        SummaryStatistics[]? ranges = null;
        if (data.ActionSpace.IsDiscrete)
        {
            histogram = new int[data.ActionSpace.Count];
            foreach (var a in data.DiscreteActions)
            {
                histogram[a]++;
            }
        }
        else
        {
            var dim = data.ActionSpace.Dimension;
            var actions = data.ContinuousActions;
            ranges = new SummaryStatistics[dim];
            for (var j = 0; j < dim; j++)
            {
                var column = new double[data.Count];
                for (var i = 0; i < data.Count; i++)
                {
                    column[i] = actions[(i * dim) + j];
                }

                ranges[j] = SummaryStatistics.Of(column);
            }
        }

        return new DatasetSummary
        {
            Source = data.Source,
            Episodes = data.EpisodeCount,
            Steps = data.Count,
            ObservationDimension = data.ObservationDimension,
            ActionSpace = data.ActionSpace.ToString(),
            EpisodeReturn = SummaryStatistics.Of(returns),
            EpisodeLength = SummaryStatistics.Of(lengths),
            TerminalEpisodes = terminal,
            TruncatedEpisodes = data.EpisodeCount - terminal,
            HasNextObservations = data.HasNextObservations,
            ActionHistogram = histogram,
            ActionRanges = ranges,
            Notes = data.Notes,
        };
    }
}
