using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Tests;

internal static class DatasetAssert
{
    public static void Equal(TrajectoryDataset expected, TrajectoryDataset actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.ObservationDimension, actual.ObservationDimension);
        Assert.Equal(expected.ActionSpace, actual.ActionSpace);
        Assert.Equal(expected.EpisodeOffsets.ToArray(), actual.EpisodeOffsets.ToArray());
        Assert.Equal(expected.EpisodeIds.ToArray(), actual.EpisodeIds.ToArray());
        Assert.Equal(expected.Observations.ToArray(), actual.Observations.ToArray());
        if (expected.ActionSpace.IsDiscrete)
        {
            Assert.Equal(expected.DiscreteActions.ToArray(), actual.DiscreteActions.ToArray());
        }
        else
        {
            Assert.Equal(expected.ContinuousActions.ToArray(), actual.ContinuousActions.ToArray());
        }

        Assert.Equal(expected.Rewards.ToArray(), actual.Rewards.ToArray());
        Assert.Equal(expected.IsTerminal.ToArray(), actual.IsTerminal.ToArray());
        Assert.Equal(expected.IsTruncated.ToArray(), actual.IsTruncated.ToArray());
        Assert.Equal(expected.HasNextObservations, actual.HasNextObservations);
        Assert.Equal(expected.NextObservations.ToArray(), actual.NextObservations.ToArray());
    }
}
