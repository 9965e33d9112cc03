using System.CommandLine;
using OfflineRl.MLNet.Data;

namespace OfflineRl.Cli;

/// <summary>The options every command that loads data shares: how episodes end and what the actions are.</summary>
public sealed class DataOptions
{
    private readonly Option<string?> _episodeEnds = new("--episode-ends")
    {
        Description = "When the file has no end flags: truncated | terminal | time-limit (terminal unless the episode reached --time-limit).",
    };

    private readonly Option<int?> _timeLimit = new("--time-limit") { Description = "Time limit for --episode-ends time-limit (CartPole-v1: 500)." };

    private readonly Option<bool> _markUnterminated = new("--mark-unterminated")
    {
        Description = "Mark an episode whose last step has no end flag as truncated (default: refuse the data).",
    };

    private readonly Option<int?> _actionCount = new("--action-count") { Description = "Number of discrete actions (default: largest action + 1)." };

    private readonly string? _defaultEpisodeEnds;

    /// <summary>Creates the options; <paramref name="defaultEpisodeEnds"/> applies when the user gives none.</summary>
    public DataOptions(string? defaultEpisodeEnds = null) => _defaultEpisodeEnds = defaultEpisodeEnds;

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Add(_episodeEnds);
        command.Add(_timeLimit);
        command.Add(_markUnterminated);
        command.Add(_actionCount);
    }

    /// <summary>The load options the user asked for.</summary>
    public DatasetLoadOptions Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var ends = parse.GetValue(_episodeEnds) ?? _defaultEpisodeEnds;
        var timeLimit = parse.GetValue(_timeLimit);
        var assumption = ends?.ToUpperInvariant() switch
        {
            null => MissingEndFlagsAssumption.None,
            "TRUNCATED" => MissingEndFlagsAssumption.AllTruncated,
            "TERMINAL" => MissingEndFlagsAssumption.AllTerminal,
            "TIME-LIMIT" => MissingEndFlagsAssumption.TerminalUnlessTimeLimit,
            _ => throw new ArgumentException($"--episode-ends '{ends}' is not one of: truncated, terminal, time-limit."),
        };
        if (assumption == MissingEndFlagsAssumption.AllTruncated && timeLimit is not null && parse.GetValue(_episodeEnds) is null)
        {
            assumption = MissingEndFlagsAssumption.TerminalUnlessTimeLimit;
        }

        var options = new DatasetLoadOptions
        {
            MissingEndFlags = assumption,
            TimeLimit = timeLimit,
            UnterminatedEpisodes = parse.GetValue(_markUnterminated) ? UnterminatedEpisodeHandling.MarkTruncated : UnterminatedEpisodeHandling.Error,
            DiscreteActionCount = parse.GetValue(_actionCount),
        };
        options.Validate();
        return options;
    }
}
