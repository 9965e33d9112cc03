using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Tests.Algorithms;

public sealed class BatchSamplerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)] // the copies are split between two threads
    public void A_batch_is_the_drawn_rows_with_their_data_for_any_thread_count(int threads)
    {
        var data = NpzDatasetLoader.Load(TestData.CartPole,
            new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.TerminalUnlessTimeLimit, TimeLimit = 500 });
        var sampler = new BatchSampler(data, 256, new NnRandom(5), temporalDifference: true, useWeights: false);
        var draw = new NnRandom(5); // the same stream: rows are drawn one after another
        var pool = new TransitionTable(data).Rows;
        Assert.Contains(pool, r => data.IsTerminal[r]);
        var previous = NnThreading.SetScoped(threads);
        try
        {
            sampler.Sample();
        }
        finally
        {
            NnThreading.RestoreScoped(previous);
        }

        var d = data.ObservationDimension;
        var table = new TransitionTable(data);
        var next = new float[d];
        for (var b = 0; b < 256; b++)
        {
            var row = pool[draw.NextInt(pool.Length)];
            Assert.Equal(row, sampler.Rows[b]);
            Assert.Equal(data.GetObservation(row).ToArray(), sampler.Observations.AsSpan(b * d, d).ToArray());
            table.CopyNextObservation(row, next);
            Assert.Equal(next, sampler.NextObservations.AsSpan(b * d, d).ToArray());
            Assert.Equal(data.Rewards[row], sampler.Rewards[b]);
            Assert.Equal(data.IsTerminal[row] ? 0f : 1f, sampler.NotDone[b]);
            Assert.Equal(data.DiscreteActions[row], sampler.ActionIndices[b]);
        }
    }
}
