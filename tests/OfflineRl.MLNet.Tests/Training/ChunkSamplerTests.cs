using FsCheck;
using FsCheck.Fluent;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Tests.Training;

/// <summary>Action chunks (issue 30): never across an episode end, discounted sums against hand-computed values, h = 1 is the TD sampler.</summary>
public sealed class ChunkSamplerTests
{
    private static Gen<(TrajectoryDataset Data, int H)> Cases =>
        from withNext in ArbMap.Default.GeneratorFor<bool>()
        from lengths in Gen.ListOf(Gen.Choose(1, 9)).Where(l => l.Count is > 0 and < 8)
        from ends in Gen.ListOf(Gen.Choose(0, 1)).Where(l => l.Count == 8)
        from h in Gen.Choose(1, 6)
        from seed in Gen.Choose(0, int.MaxValue)
        select (Make(withNext, [.. lengths], [.. ends], seed), h);

    [Fact]
    public void Chunks_never_cross_an_episode_end_and_every_chunk_that_fits_is_kept() =>
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var (data, h) = c;
            ChunkTable table;
            try
            {
                table = new ChunkTable(data, h, 0.9f);
            }
            catch (InvalidOperationException)
            {
                // Every episode is one truncated step without a next observation: no TD target at all.
                return;
            }

            var kept = table.Rows.ToHashSet();
            Assert.Equal(data.Count, table.Rows.Length + table.Excluded);
            var next = new float[data.ObservationDimension];
            foreach (var episode in data.Episodes)
            {
                for (var t = episode.Start; t < episode.End; t++)
                {
                    var fits = t + h <= episode.End;
                    var hasTarget = episode.EndsTerminal || t + h < episode.End || (fits && data.HasNextObservations);
                    Assert.Equal(hasTarget, kept.Contains(t));
                    if (!kept.Contains(t))
                    {
                        continue;
                    }

                    var steps = table.Steps(t);
                    Assert.Equal(Math.Min(h, episode.End - t), steps);
                    Assert.True(t + steps <= episode.End, $"chunk at {t} of {steps} steps crosses the end {episode.End}");
                    Assert.Equal(t + steps == episode.End && episode.EndsTerminal, table.EndsTerminal(t));
                    if (!table.EndsTerminal(t))
                    {
                        table.CopyNextObservation(t, next);
                        var expected = data.HasNextObservations ? data.NextObservations.Slice((t + h - 1) * data.ObservationDimension, data.ObservationDimension) : data.GetObservation(t + h);
                        Assert.Equal(expected.ToArray(), next);
                    }
                }
            }

            // A drawn batch holds only such chunks; without any, the sampler says why.
            if (table.Rows.Length == 0)
            {
                Assert.Contains("cut by a truncation", Assert.Throws<ArgumentException>(() => new ChunkSampler(data, h, 0.9f, 32, seed: 3)).Message, StringComparison.Ordinal);
                return;
            }

            var sampler = new ChunkSampler(data, h, 0.9f, 32, seed: 3);
            sampler.Sample();
            Assert.All(sampler.Rows, r => Assert.Contains(r, kept));
            for (var i = 0; i < 32; i++)
            {
                // The chunk's logged actions (bounds [0, 1] scale to 2x − 1), then zeros past a terminal end.
                var (row, steps) = (sampler.Rows[i], table.Steps(sampler.Rows[i]));
                for (var k = 0; k < h * 2; k++)
                {
                    var expected = k / 2 < steps ? (2 * data.GetContinuousAction(row + (k / 2))[k % 2]) - 1 : 0f;
                    Assert.Equal(expected, sampler.Actions[(i * h * 2) + k], 5);
                }
            }
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Discounted_sums_done_flags_and_padding_match_hand_computed_values()
    {
        // One terminal episode, rewards 1, 2, 3, 4, actions 0.1 … 0.4 on [−1, 1]; γ = 0.5, h = 3.
        var b = new TrajectoryDatasetBuilder("oracle", 1);
        for (var t = 0; t < 4; t++)
        {
            b.AddStep(0, [10f + t], [0.1f * (t + 1)], t + 1, isTerminal: t == 3, isTruncated: false);
        }

        var data = b.Build(new DatasetLoadOptions { ActionLow = [-1f], ActionHigh = [1f] });
        var table = new ChunkTable(data, 3, 0.5f);
        Assert.Equal([0, 1, 2, 3], table.Rows);
        Assert.Equal(1 + (0.5 * 2) + (0.25 * 3), table.Return(0), 6);   // 2.75
        Assert.Equal(2 + (0.5 * 3) + (0.25 * 4), table.Return(1), 6);   // 4.5, ends terminal after exactly h steps
        Assert.Equal(3 + (0.5 * 4), table.Return(2), 6);                // 5, cut by the terminal after 2 steps
        Assert.Equal(4, table.Return(3), 6);
        Assert.Equal([false, true, true, true], [.. table.Rows.Select(table.EndsTerminal)]);
        Assert.Equal(0.125f, table.BootstrapDiscount);

        var sampler = new ChunkSampler(data, 3, 0.5f, 64, seed: 1);
        sampler.Sample();
        for (var i = 0; i < 64; i++)
        {
            var row = sampler.Rows[i];
            float[] expected = row switch
            {
                0 => [0.1f, 0.2f, 0.3f],
                1 => [0.2f, 0.3f, 0.4f],
                2 => [0.3f, 0.4f, 0f],   // past the terminal end: 0, the middle of the range
                _ => [0.4f, 0f, 0f],
            };
            for (var k = 0; k < 3; k++)
            {
                Assert.Equal(expected[k], sampler.Actions[(i * 3) + k], 6);
            }

            Assert.Equal(table.Return(row), sampler.Rewards[i]);
            Assert.Equal(row == 0 ? 1f : 0f, sampler.NotDone[i]);
            if (row == 0)
            {
                Assert.Equal(13f, sampler.NextObservations[i]);   // s_{t+h} = s_3
            }
        }

        Assert.Equal(4, sampler.Rows.Distinct().Count());
    }

    [Theory]
    [InlineData(false, new[] { 0 }, 1, 1)] // row 1 ends the episode without a next observation; row 2 is cut by the truncation
    [InlineData(true, new[] { 0, 1 }, 1, 0)] // row 1 bootstraps from the recorded next observation of row 2
    public void A_truncation_inside_the_horizon_leaves_the_chunk_out(bool withNext, int[] rows, int cut, int withoutNext)
    {
        var b = new TrajectoryDatasetBuilder("truncated", 1);
        for (var t = 0; t < 3; t++)
        {
            b.AddStep(0, [t], [0f], 1f, isTerminal: false, isTruncated: t == 2, withNext ? [t + 1f] : default);
        }

        var table = new ChunkTable(b.Build(new DatasetLoadOptions { ActionLow = [-1f], ActionHigh = [1f] }), 2, 0.9f);
        Assert.Equal(rows, table.Rows);
        Assert.Equal(cut, table.CutByTruncation);
        Assert.Equal(withoutNext, table.WithoutNextObservation);
        Assert.Equal(1 + 0.9, table.Return(0), 6);
        var next = new float[1];
        table.CopyNextObservation(0, next);
        Assert.Equal(2f, next[0]); // s_2: recorded as row 1's next observation, or row 2's own
    }

    [Fact]
    public void With_one_step_chunks_the_batches_are_the_td_samplers()
    {
        var data = NpzDatasetLoader.Load(TestData.Pendulum, new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.AllTruncated });
        var chunks = new ChunkSampler(data, 1, 0.99f, 256, seed: 7);
        var td = BatchSampler.ForTemporalDifference(data, 256, seed: 7);
        Assert.Equal(new TransitionTable(data).Rows, chunks.Table.Rows);
        Assert.Equal(0.99f, chunks.BootstrapDiscount);
        for (var i = 0; i < 3; i++)
        {
            chunks.Sample();
            td.Sample();
            Assert.Equal(td.Rows, chunks.Rows);
            Assert.Equal(td.Observations, chunks.Observations);
            Assert.Equal(td.Actions, chunks.Actions);
            Assert.Equal(td.Rewards, chunks.Rewards);
            Assert.Equal(td.NotDone, chunks.NotDone);
            Assert.Equal(td.NextObservations, chunks.NextObservations);
        }
    }

    private static TrajectoryDataset Make(bool withNext, int[] lengths, int[] ends, int seed)
    {
        var rng = new Random(seed);
        var b = new TrajectoryDatasetBuilder("random", 2, 2);
        for (var e = 0; e < lengths.Length; e++)
        {
            var terminal = ends[e] == 1;
            for (var t = 0; t < lengths[e]; t++)
            {
                var last = t == lengths[e] - 1;
                float[] obs = [e, t];
                float[] next = [e, t + 0.5f];
                b.AddStep(e, obs, [(float)rng.NextDouble(), (float)rng.NextDouble()], (float)rng.NextDouble(), last && terminal, last && !terminal, withNext ? next : default, t);
            }
        }

        return b.Build(new DatasetLoadOptions { ActionLow = [0f, 0f], ActionHigh = [1f, 1f] });
    }
}
