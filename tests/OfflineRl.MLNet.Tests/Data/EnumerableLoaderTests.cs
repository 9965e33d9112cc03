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
}
