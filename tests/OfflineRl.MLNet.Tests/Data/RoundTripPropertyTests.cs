using FsCheck;
using FsCheck.Fluent;
using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Tests.Data;

/// <summary>Random valid episodes survive NPZ and CSV write → read unchanged (issue 2).</summary>
public sealed class RoundTripPropertyTests
{
    private static Gen<TrajectoryDataset> Datasets =>
        from obsDim in Gen.Choose(1, 4)
        from discrete in ArbMap.Default.GeneratorFor<bool>()
        from actDim in Gen.Choose(1, 3)
        from withNext in ArbMap.Default.GeneratorFor<bool>()
        from lengths in Gen.ListOf(Gen.Choose(1, 6)).Where(l => l.Count is > 0 and < 6)
        from seed in Gen.Choose(0, int.MaxValue)
        select Make(obsDim, discrete, actDim, withNext, lengths.ToArray(), seed);

    [Fact]
    public void Npz_round_trip_is_exact() =>
        Prop.ForAll(Datasets.ToArbitrary(), data =>
        {
            var path = TestData.TempFile(".npz");
            try
            {
                NpzDatasetWriter.Write(data, path);
                DatasetAssert.Equal(data, NpzDatasetLoader.Load(path));
            }
            finally
            {
                File.Delete(path);
            }
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Csv_round_trip_is_exact() =>
        Prop.ForAll(Datasets.ToArbitrary(), data =>
        {
            var text = new StringWriter();
            CsvDatasetWriter.Write(data, text);
            var options = data.ActionSpace.IsDiscrete
                ? new DatasetLoadOptions { ActionKind = ActionKind.Discrete, DiscreteActionCount = data.ActionSpace.Count }
                : new DatasetLoadOptions { ActionKind = ActionKind.Continuous, ActionLow = data.ActionSpace.Low, ActionHigh = data.ActionSpace.High };
            DatasetAssert.Equal(data, CsvDatasetLoader.Load(new StringReader(text.ToString()), "roundtrip.csv", null, options));
        }).QuickCheckThrowOnFailure();

    private static TrajectoryDataset Make(int obsDim, bool discrete, int actDim, bool withNext, int[] lengths, int seed)
    {
        var rng = new Random(seed);
        float F() => (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-3, 4)));
        var b = new TrajectoryDatasetBuilder("random", obsDim, discrete ? 1 : actDim);
        long id = rng.Next(0, 1000);
        foreach (var length in lengths)
        {
            var truncatedEnd = rng.Next(2) == 0;
            for (var t = 0; t < length; t++)
            {
                var obs = Enumerable.Range(0, obsDim).Select(_ => F()).ToArray();
                var next = withNext ? Enumerable.Range(0, obsDim).Select(_ => F()).ToArray() : null;
                var last = t == length - 1;
                if (discrete)
                {
                    b.AddStep(id, obs, rng.Next(0, 4), F(), last && !truncatedEnd, last && truncatedEnd, next, t);
                }
                else
                {
                    b.AddStep(id, obs, Enumerable.Range(0, actDim).Select(_ => F()).ToArray(), F(), last && !truncatedEnd, last && truncatedEnd, next, t);
                }
            }

            id += rng.Next(1, 5);
        }

        return b.Build(discrete ? new DatasetLoadOptions { DiscreteActionCount = 4 } : null);
    }
}
