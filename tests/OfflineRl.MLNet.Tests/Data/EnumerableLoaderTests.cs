using Microsoft.ML;
using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Tests.Data;

public sealed class EnumerableLoaderTests
{
    private sealed record Visit(int Patient, int Day, float[] Vitals, int Treatment, float Outcome, bool Discharged);

    [Fact]
    public void Rows_map_to_a_dataset()
    {
        var rows = new[]
        {
            new Visit(10, 0, [1f, 2f], 1, 0f, false),
            new Visit(10, 1, [1.5f, 2f], 0, 1f, true),
            new Visit(11, 0, [0f, 0f], 2, -1f, true),
        };
        var rl = new MLContext().OfflineRL();
        var data = rl.Data.LoadFromEnumerable(rows, new StepMapping<Visit>
        {
            EpisodeId = v => v.Patient,
            Step = v => v.Day,
            Observation = v => v.Vitals,
            DiscreteAction = v => v.Treatment,
            Reward = v => v.Outcome,
            IsTerminal = v => v.Discharged,
        });
        Assert.Equal(2, data.EpisodeCount);
        Assert.Equal(ActionSpace.Discrete(3), data.ActionSpace);
        Assert.Equal([1f, 2f, 1.5f, 2f, 0f, 0f], data.Observations.ToArray());
        Assert.Equal([10L, 11L], data.EpisodeIds.ToArray());
    }

    [Fact]
    public void Mapping_without_required_parts_lists_them()
    {
        var rl = new MLContext().OfflineRL();
        var ex = Assert.Throws<ArgumentException>(() => rl.Data.LoadFromEnumerable(Array.Empty<Visit>(), new StepMapping<Visit>()));
        Assert.Contains("EpisodeId", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Observation", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Reward", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DiscreteAction", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MissingEndFlagsAssumption.AllTerminal, true)]
    [InlineData(MissingEndFlagsAssumption.AllTruncated, false)]
    public void A_mapping_without_end_flags_ends_episodes_as_MissingEndFlags_says(MissingEndFlagsAssumption ends, bool terminal)
    {
        var rows = new[] { new Visit(10, 0, [1f, 2f], 1, 0f, false), new Visit(10, 1, [1.5f, 2f], 0, 1f, false), new Visit(11, 0, [0f, 0f], 2, -1f, false) };
        var mapping = new StepMapping<Visit> { EpisodeId = v => v.Patient, Observation = v => v.Vitals, DiscreteAction = v => v.Treatment, Reward = v => v.Outcome };

        var data = new MLContext().OfflineRL().Data.LoadFromEnumerable(rows, mapping, new DatasetLoadOptions { MissingEndFlags = ends });

        Assert.Equal([false, terminal, terminal], data.IsTerminal.ToArray());
        Assert.Equal([false, !terminal, !terminal], data.IsTruncated.ToArray());
    }

    [Fact]
    public void An_episode_left_open_names_both_ends_and_when_each_is_right()
    {
        var rows = new[] { new Visit(10, 0, [1f, 2f], 1, 0f, false), new Visit(10, 1, [1.5f, 2f], 0, 1f, false) };
        var mapping = new StepMapping<Visit> { EpisodeId = v => v.Patient, Observation = v => v.Vitals, DiscreteAction = v => v.Treatment, Reward = v => v.Outcome, IsTerminal = v => v.Discharged };

        var ex = Assert.Throws<DatasetValidationException>(() => new MLContext().OfflineRL().Data.LoadFromEnumerable(rows, mapping));

        Assert.Contains("episode 10, step 1: the episode's last step is neither terminal nor truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("if the episode ended in a terminal state (nothing follows), set terminal on that step", ex.Message, StringComparison.Ordinal);
        Assert.Contains("if a time limit or the end of the log cut it, set UnterminatedEpisodes = MarkTruncated", ex.Message, StringComparison.Ordinal);
    }
}
