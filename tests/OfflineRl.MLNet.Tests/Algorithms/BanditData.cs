using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Tests.Algorithms;

/// <summary>One-step bandits at a single state: a+ and a− equally often, a+ pays 1 and a− pays 0.</summary>
internal static class BanditData
{
    public static TrajectoryDataset Discrete(int episodes = 200)
    {
        var b = new TrajectoryDatasetBuilder("bandit", 1);
        for (var e = 0; e < episodes; e++)
        {
            var good = e % 2 == 0;
            b.AddStep(e, [1f], good ? 0 : 1, good ? 1f : 0f, isTerminal: true, isTruncated: false);
        }

        return b.Build(new DatasetLoadOptions { DiscreteActionCount = 2 });
    }

    public static TrajectoryDataset Continuous(int episodes = 200)
    {
        var b = new TrajectoryDatasetBuilder("bandit", 1, 1);
        for (var e = 0; e < episodes; e++)
        {
            var good = e % 2 == 0;
            b.AddStep(e, [1f], [good ? 0.5f : -0.5f], good ? 1f : 0f, isTerminal: true, isTruncated: false);
        }

        return b.Build(new DatasetLoadOptions { ActionLow = [-1f], ActionHigh = [1f] });
    }
}
