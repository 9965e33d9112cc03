using System.CommandLine;
using OfflineRl.MLNet.Data;

namespace OfflineRl.Cli;

/// <summary>
/// The options every command that loads data shares: how episodes end, what the actions are, and which columns hold which
/// role (the mapping flags, for CSV, Parquet and JSON lines).
/// </summary>
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

    private readonly Option<string?> _episodeId = new("--episode-id") { Description = $"Episode id column (default: {CsvColumnMapping.DefaultEpisodeId}; RLlib's eps_id is found by itself)." };

    private readonly Option<string?> _step = new("--step") { Description = $"Step column, checked for order when present (default: {CsvColumnMapping.DefaultStep})." };

    private readonly Option<string?> _obs = new("--obs") { Description = "Comma-separated observation columns, or one list column (default: every column starting with --obs-prefix)." };

    private readonly Option<string?> _obsPrefix = new("--obs-prefix") { Description = $"Observation column prefix (default: {CsvColumnMapping.DefaultObservationPrefix})." };

    private readonly Option<string?> _action = new("--action") { Description = "Comma-separated action columns, or one list column (default: 'action', else columns starting with 'action_')." };

    private readonly Option<string?> _reward = new("--reward") { Description = $"Reward column (default: {CsvColumnMapping.DefaultReward})." };

    private readonly Option<string?> _terminal = new("--terminal") { Description = $"Terminal flag column (default: {CsvColumnMapping.DefaultTerminal})." };

    private readonly Option<string?> _truncated = new("--truncated") { Description = $"Truncation flag column (default: {CsvColumnMapping.DefaultTruncated})." };

    private readonly Option<string?> _actionKind = new("--action-kind") { Description = "discrete | continuous (default: from the column's type; a single all-integer CSV column is discrete; a single float column holding only integers must be told which)." };

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
        _actionKind.AcceptOnlyFromAmong("discrete", "continuous");
        foreach (var option in new[] { _episodeId, _step, _obs, _obsPrefix, _action, _reward, _terminal, _truncated, _actionKind })
        {
            command.Add(option);
        }
    }

    /// <summary>
    /// The column mapping the user gave with the mapping flags (--episode-id, --obs, --action, --reward, …), or null when
    /// none was given: then each format's own names apply (RLlib's are recognized by themselves).
    /// </summary>
    public CsvColumnMapping? ReadMapping(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        static IReadOnlyList<string>? List(string? text) =>
            text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var given = new[] { _episodeId, _step, _obs, _obsPrefix, _action, _reward, _terminal, _truncated, _actionKind }.Any(o => parse.GetValue(o) is not null);
        if (!given)
        {
            return null;
        }

        var mapping = new CsvColumnMapping { ActionKind = ActionKindOf(parse) };
        mapping.EpisodeId = parse.GetValue(_episodeId) ?? mapping.EpisodeId;
        mapping.Step = parse.GetValue(_step) ?? mapping.Step;
        mapping.ObservationColumns = List(parse.GetValue(_obs));
        mapping.ObservationPrefix = parse.GetValue(_obsPrefix) ?? mapping.ObservationPrefix;
        mapping.ActionColumns = List(parse.GetValue(_action));
        mapping.Reward = parse.GetValue(_reward) ?? mapping.Reward;
        mapping.Terminal = parse.GetValue(_terminal) ?? mapping.Terminal;
        mapping.Truncated = parse.GetValue(_truncated) ?? mapping.Truncated;
        return mapping;
    }

    private ActionKind? ActionKindOf(ParseResult parse) => parse.GetValue(_actionKind) switch
    {
        "discrete" => ActionKind.Discrete,
        "continuous" => ActionKind.Continuous,
        _ => null,
    };

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
            ActionKind = ActionKindOf(parse),
        };
        options.Validate();
        return options;
    }
}
