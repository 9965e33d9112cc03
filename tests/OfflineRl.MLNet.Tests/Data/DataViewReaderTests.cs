using Microsoft.ML;
using Microsoft.ML.Data;
using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Tests.Data;

/// <summary>
/// <c>Data.LoadFromDataView</c>: an ML.NET view read through one cursor into the dataset it holds, whether the view
/// announces its row count or not, with sparse vectors and carried columns; and the vector scan that finds non-finite
/// values for validation.
/// </summary>
public sealed class DataViewReaderTests
{
    private static TrajectoryDataset Log(int rows, int obs, int act, int episodeLength)
    {
        var random = new Random(7);
        var builder = new TrajectoryDatasetBuilder("log", obs, act);
        var o = new float[obs];
        var a = new float[act];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < obs; i++)
            {
                o[i] = (float)random.NextDouble();
            }

            for (var i = 0; i < act; i++)
            {
                a[i] = (float)(random.NextDouble() * 2 - 1);
            }

            var last = r % episodeLength == episodeLength - 1 || r == rows - 1;
            builder.AddStep(r / episodeLength, o, a, (float)random.NextDouble(), isTerminal: last && r % 2 == 0, isTruncated: last && r % 2 == 1);
        }

        return builder.Build();
    }

    private static void AssertSameRows(TrajectoryDataset expected, TrajectoryDataset actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.True(expected.Observations.SequenceEqual(actual.Observations));
        Assert.True(expected.ContinuousActions.SequenceEqual(actual.ContinuousActions));
        Assert.True(expected.Rewards.SequenceEqual(actual.Rewards));
        Assert.True(expected.IsTerminal.SequenceEqual(actual.IsTerminal));
        Assert.True(expected.IsTruncated.SequenceEqual(actual.IsTruncated));
        Assert.True(expected.EpisodeOffsets.SequenceEqual(actual.EpisodeOffsets));
        Assert.True(expected.EpisodeIds.SequenceEqual(actual.EpisodeIds));
    }

    [Fact]
    public void A_view_that_announces_its_row_count_reads_back_every_value_and_episode_boundary()
    {
        var ml = new MLContext(0);
        var data = Log(rows: 5_003, obs: 17, act: 6, episodeLength: 1_000);
        var view = ml.Transforms.CopyColumns("RewardCopy", ColumnNames.Reward).Fit(data).Transform(data);
        Assert.Equal(5_003, view.GetRowCount());

        var read = ml.OfflineRL().Data.LoadFromDataView(view);
        Assert.NotSame(data, read);
        AssertSameRows(data, read);
        Assert.Equal([0, 1_000, 2_000, 3_000, 4_000, 5_000, 5_003], read.EpisodeOffsets.ToArray());
    }

    [Fact]
    public void A_view_without_a_row_count_grows_its_arrays_past_the_first_guess_and_keeps_the_rows_in_order()
    {
        var ml = new MLContext(0);
        var data = Log(rows: 200_001, obs: 3, act: 1, episodeLength: 777);

        // A row filter cannot know how many rows pass it, so the reader starts at 65,536 rows and doubles twice.
        var view = ml.Data.FilterRowsByColumn(data, ColumnNames.Reward, lowerBound: float.MinValue, upperBound: float.MaxValue);
        Assert.Null(view.GetRowCount());

        AssertSameRows(data, ml.OfflineRL().Data.LoadFromDataView(view));
    }

    private sealed class SparseRow
    {
        public long EpisodeId { get; set; }

        [VectorType(4)]
        public VBuffer<float> Observation { get; set; }

        public int Action { get; set; }

        public float Reward { get; set; }

        public bool IsTerminal { get; set; }

        public float ReturnToGo { get; set; }
    }

    [Fact]
    public void Sparse_observations_are_read_dense_and_a_carried_column_comes_from_the_same_pass()
    {
        var ml = new MLContext(0);
        SparseRow Row(long id, int index, float value, bool terminal, float g) => new()
        {
            EpisodeId = id,
            Observation = new VBuffer<float>(4, 1, [value], [index]),
            Action = index % 2,
            Reward = 1,
            IsTerminal = terminal,
            ReturnToGo = g,
        };
        var view = ml.Data.LoadFromEnumerable([Row(0, 3, 5f, false, 2f), Row(0, 0, -1f, true, 1f), Row(1, 2, 0.5f, true, 1f)]);

        var read = ml.OfflineRL().Data.LoadFromDataView(view);

        Assert.Equal([0f, 0, 0, 5, -1, 0, 0, 0, 0, 0, 0.5f, 0], read.Observations.ToArray());
        Assert.Equal([1, 0, 0], read.DiscreteActions.ToArray());
        Assert.Equal([2f, 1f, 1f], read.GetColumn(ColumnNames.ReturnToGo).ToArray());
    }

    [Fact]
    public void A_non_finite_carried_value_is_refused_with_its_episode_and_step()
    {
        var ml = new MLContext(0);
        var view = ml.Data.LoadFromEnumerable(new[]
        {
            new SparseRow { EpisodeId = 4, Observation = new VBuffer<float>(4, [1f, 2, 3, 4]), Reward = 1, ReturnToGo = 2 },
            new SparseRow { EpisodeId = 4, Observation = new VBuffer<float>(4, [1f, 2, 3, 4]), Reward = 1, IsTerminal = true, ReturnToGo = float.NaN },
        });

        var error = Assert.Throws<DatasetValidationException>(() => ml.OfflineRL().Data.LoadFromDataView(view));
        Assert.Contains("episode 4, step 1", error.Message);
        Assert.Contains(ColumnNames.ReturnToGo, error.Message);
    }

    [Fact]
    public void Continuous_actions_outside_declared_bounds_and_non_finite_ones_are_each_named()
    {
        var ml = new MLContext(0);
        var data = Log(rows: 40, obs: 2, act: 3, episodeLength: 20);
        var actions = data.ContinuousActions.ToArray();
        actions[7 * 3 + 2] = 1.5f;          // episode 0, step 7, action[2]
        actions[25 * 3 + 0] = float.PositiveInfinity;   // episode 1, step 5, action[0]
        var rows = Enumerable.Range(0, data.Count).Select(r => new ContinuousRow
        {
            EpisodeId = r / 20,
            Observation = data.GetObservation(r).ToArray(),
            Action = actions[(r * 3)..((r + 1) * 3)],
            Reward = data.Rewards[r],
            IsTerminal = data.IsTerminal[r],
            IsTruncated = data.IsTruncated[r],
        });
        var options = new TrajectoryColumnOptions { LoadOptions = new DatasetLoadOptions { ActionLow = [-1f, -1f, -1f], ActionHigh = [1f, 1f, 1f] } };

        var error = Assert.Throws<DatasetValidationException>(() => ml.OfflineRL().Data.LoadFromDataView(ml.Data.LoadFromEnumerable(rows), options));

        Assert.Contains("episode 0, step 7: Action[2] is 1.5, outside the declared bounds [-1, 1]", error.Message);
        Assert.Contains($"episode 1, step 5: Action[0] is {float.PositiveInfinity}", error.Message);
    }

    private sealed class ContinuousRow
    {
        public long EpisodeId { get; set; }

        [VectorType(2)]
        public float[] Observation { get; set; } = [];

        [VectorType(3)]
        public float[] Action { get; set; } = [];

        public float Reward { get; set; }

        public bool IsTerminal { get; set; }

        public bool IsTruncated { get; set; }
    }

    [Fact]
    public void The_vector_scan_finds_each_non_finite_value_where_a_plain_loop_does()
    {
        var random = new Random(3);
        foreach (var length in new[] { 0, 1, 7, 16, 17, 63, 64, 65, 1_000 })
        {
            var values = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble()).ToArray();
            foreach (var bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
            {
                for (var at = 0; at < length; at += Math.Max(1, length / 9))
                {
                    var copy = (float[])values.Clone();
                    copy[at] = bad;
                    if (at + 5 < length)
                    {
                        copy[at + 5] = float.NaN;
                    }

                    var expected = Enumerable.Range(0, length).Where(i => !float.IsFinite(copy[i])).ToArray();
                    var found = new List<int>();
                    for (var i = FiniteScan.IndexOfNonFinite(copy, 0); i >= 0; i = FiniteScan.IndexOfNonFinite(copy, i + 1))
                    {
                        found.Add(i);
                    }

                    Assert.Equal(expected, found);
                }
            }

            // float.MaxValue and subnormals are finite.
            Assert.Equal(-1, FiniteScan.IndexOfNonFinite([float.MaxValue, -float.MaxValue, float.Epsilon, 0f, -0f], 0));
        }
    }
}
