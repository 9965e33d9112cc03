using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Tests.Data;

/// <summary>One test per bad-input case of issue 2 item 4; each asserts the message names source, episode/row and column.</summary>
public sealed class ValidationTests
{
    private const string Header = "episode_id,step,obs_0,obs_1,action,reward,terminal,truncated";

    private static DatasetValidationException Refused(string csv, DatasetLoadOptions? options = null, CsvColumnMapping? mapping = null) =>
        Assert.Throws<DatasetValidationException>(() => CsvDatasetLoader.Load(new StringReader(csv), "log.csv", mapping, options));

    private static TrajectoryDataset Load(string csv, DatasetLoadOptions? options = null) =>
        CsvDatasetLoader.Load(new StringReader(csv), "log.csv", null, options);

    [Fact]
    public void Valid_csv_loads()
    {
        var data = Load($"{Header}\n7,0,0.5,1,1,1.5,0,0\n7,1,0.25,2,0,2.5,1,0\n9,0,1,1,0,1,0,1\n");
        Assert.Equal(2, data.EpisodeCount);
        Assert.Equal([7L, 9L], data.EpisodeIds.ToArray());
        Assert.Equal([1, 0, 0], data.DiscreteActions.ToArray());
        Assert.True(data.GetEpisode(0).EndsTerminal);
        Assert.False(data.GetEpisode(1).EndsTerminal);
        Assert.True(data.IsTruncated[2]);
    }

    [Fact]
    public void Nan_reward_names_episode_step_and_column()
    {
        var ex = Refused($"{Header}\n17,0,0,0,0,1,0,0\n17,1,0,0,0,1,0,0\n17,2,0,0,0,1,0,0\n17,3,0,0,0,1,0,0\n17,4,0,0,0,NaN,1,0\n");
        Assert.Contains("log.csv", ex.Message, StringComparison.Ordinal);
        Assert.Contains("episode 17, step 4: column 'reward' is NaN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Infinite_observation_is_refused()
    {
        var ex = Refused($"{Header}\n3,0,0,Infinity,0,1,1,0\n");
        Assert.Contains("episode 3, step 0: column 'obs_1' is Infinity", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_out_of_order_names_episode_and_step_column()
    {
        var ex = Refused($"{Header}\n5,0,0,0,0,1,0,0\n5,2,0,0,0,1,0,0\n5,1,0,0,0,1,1,0\n");
        Assert.Contains("episode 5", ex.Message, StringComparison.Ordinal);
        Assert.Contains("column 'step' 2 follows step 0 (not contiguous", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_going_backwards_is_out_of_order()
    {
        var ex = Refused($"{Header}\n5,0,0,0,0,1,0,0\n5,1,0,0,0,1,0,0\n5,0,0,0,0,1,1,0\n");
        Assert.Contains("episode 5, row 3: column 'step' 0 follows step 1 (out of order", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Episode_rows_must_be_contiguous()
    {
        var ex = Refused($"{Header}\n1,0,0,0,0,1,0,0\n2,0,0,0,0,1,1,0\n1,1,0,0,0,1,1,0\n");
        Assert.Contains("episode 1: its rows are not contiguous", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ragged_rows_are_refused()
    {
        var ex = Refused($"{Header}\n1,0,0,0,0,1,0,0\n1,1,0,0,1,1\n");
        Assert.Contains("line 3: has 6 fields but the header has 8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ragged_observations_from_rows_are_refused()
    {
        var b = new TrajectoryDatasetBuilder("rows", 2);
        b.AddStep(4, [0f, 1f], 0, 1f, false, false);
        b.AddStep(4, [0f], 0, 1f, true, false);
        var ex = Assert.Throws<DatasetValidationException>(() => b.Build());
        Assert.Contains("row 2 (episode 4): observation has 1 values, expected 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_columns_are_listed()
    {
        var ex = Refused("episode_id,obs_0,action\n1,0,0\n");
        Assert.Contains("missing column 'reward'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_numeric_value_names_line_and_column()
    {
        var ex = Refused($"{Header}\n1,0,abc,0,0,1,1,0\n");
        Assert.Contains("line 2: column 'obs_0' is 'abc', not a number", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unterminated_episode_is_an_error_by_default()
    {
        var ex = Refused($"{Header}\n1,0,0,0,0,1,0,0\n1,1,0,0,0,1,0,0\n");
        Assert.Contains("episode 1, step 1: the episode's last step is neither column 'terminal' nor column 'truncated'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unterminated_episode_can_be_marked_truncated_and_is_reported()
    {
        var data = Load($"{Header}\n1,0,0,0,0,1,0,0\n1,1,0,0,0,1,0,0\n2,0,0,0,0,1,1,0\n",
            new DatasetLoadOptions { UnterminatedEpisodes = UnterminatedEpisodeHandling.MarkTruncated });
        Assert.True(data.IsTruncated[1]);
        Assert.False(data.IsTerminal[1]);
        Assert.Contains(data.Notes, n => n.StartsWith("1 episode(s) had no end flag", StringComparison.Ordinal));
    }

    [Fact]
    public void Terminal_and_truncated_both_set_is_refused()
    {
        var ex = Refused($"{Header}\n8,0,0,0,0,1,1,1\n");
        Assert.Contains("episode 8, step 0: column 'terminal' and column 'truncated' are both set", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void End_flag_before_the_last_step_is_refused()
    {
        var ex = Refused($"{Header}\n8,0,0,0,0,1,1,0\n8,1,0,0,0,1,1,0\n");
        Assert.Contains("episode 8, step 0: column 'terminal' is set before the episode's last step", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_end_flags_needs_the_caller_to_say_how_episodes_end()
    {
        const string csv = "episode_id,obs_0,action,reward\n1,0,0,1\n1,0,0,1\n2,0,1,1\n";
        var ex = Refused(csv);
        Assert.Contains("no end flags", ex.Message, StringComparison.Ordinal);
        var data = CsvDatasetLoader.Load(new StringReader(csv), "log.csv", null,
            new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.TerminalUnlessTimeLimit, TimeLimit = 2 });
        Assert.True(data.IsTruncated[1]);
        Assert.True(data.IsTerminal[2]);
        Assert.Contains(data.Notes, n => n.Contains("1 terminal, 1 truncated", StringComparison.Ordinal));
    }

    [Fact]
    public void Discrete_action_not_an_integer_is_refused()
    {
        var ex = Refused($"{Header}\n2,0,0,0,1.5,1,1,0\n", new DatasetLoadOptions { ActionKind = ActionKind.Discrete });
        Assert.Contains("episode 2, step 0: column 'action' is 1.5, not an integer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Discrete_action_out_of_range_is_refused()
    {
        var ex = Refused($"{Header}\n2,0,0,0,3,1,1,0\n", new DatasetLoadOptions { DiscreteActionCount = 3 });
        Assert.Contains("episode 2, step 0: column 'action' is 3, outside [0, 2]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_discrete_action_is_refused()
    {
        var ex = Refused($"{Header}\n2,0,0,0,-1,1,1,0\n", new DatasetLoadOptions { ActionKind = ActionKind.Discrete });
        Assert.Contains("column 'action' is -1, outside", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_dataset_is_refused()
    {
        var ex = Refused($"{Header}\n");
        Assert.Contains("log.csv", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the dataset is empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Continuous_action_outside_declared_bounds_is_refused()
    {
        var ex = Refused("episode_id,obs_0,action_0,reward,terminal\n1,0,2.5,1,1\n",
            new DatasetLoadOptions { ActionLow = [-2f], ActionHigh = [2f] });
        Assert.Contains("episode 1, step 0: column 'action_0' is 2.5, outside the declared bounds [-2, 2]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var ex = Refused($"{Header}\n1,0,NaN,0,0,1,0,0\n1,1,0,0,0,Infinity,1,0\n");
        Assert.Equal(2, ex.Errors.Count);
    }

    [Fact]
    public void Options_validation_lists_every_failure()
    {
        var options = new DatasetLoadOptions
        {
            MissingEndFlags = MissingEndFlagsAssumption.TerminalUnlessTimeLimit,
            DiscreteActionCount = 0,
            ActionLow = [0f],
        };
        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("TimeLimit", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DiscreteActionCount", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ActionHigh", ex.Message, StringComparison.Ordinal);
    }
}
