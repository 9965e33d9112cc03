using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Tests.Onnx;

/// <summary>Tiny trained models shared by the export tests (trained once per test run).</summary>
internal static class ExportFixtures
{
    private static readonly Lazy<TrajectoryDataset> CartPoleData = new(() => new MLContext(0).OfflineRL().Data.LoadNpz(TestData.CartPole, TestData.CartPoleOptions));
    private static readonly Lazy<TrajectoryDataset> PendulumData = new(() => new MLContext(0).OfflineRL().Data.LoadNpz(
        TestData.Pendulum, new DatasetLoadOptions { MissingEndFlags = MissingEndFlagsAssumption.AllTruncated }));

    private static readonly Dictionary<string, PolicyModel> Cache = [];

    public static TrajectoryDataset CartPole => CartPoleData.Value;

    public static TrajectoryDataset Pendulum => PendulumData.Value;

    public static PolicyModel Train(bool discrete, bool normalize, PolicyHead head = PolicyHead.Auto)
    {
        string key = $"{discrete}/{normalize}/{head}";
        lock (Cache)
        {
            if (Cache.TryGetValue(key, out var cached))
            {
                return cached;
            }

            var rl = new MLContext(3).OfflineRL();
            var data = discrete ? CartPole : Pendulum;
            var options = new BehaviorCloningOptions { Steps = 40, HiddenSizes = [32, 32], BatchSize = 64, Head = head };
            options.NormalizeObservations = normalize;
            var model = rl.Trainers.BehaviorCloning(options).Fit(data).Model;
            Cache[key] = model;
            return model;
        }
    }

    /// <summary>The first <paramref name="rows"/> observations of the data, row after row, plus a spread-out tail.</summary>
    public static float[] Observations(TrajectoryDataset data, int rows)
    {
        int width = data.ObservationDimension;
        var result = new float[rows * width];
        int stride = Math.Max(1, data.Count / rows);
        for (int r = 0; r < rows; r++)
        {
            data.Observations.Slice((r * stride % data.Count) * width, width).CopyTo(result.AsSpan(r * width));
        }

        return result;
    }
}
