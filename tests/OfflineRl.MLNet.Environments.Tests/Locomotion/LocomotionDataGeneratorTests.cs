using Microsoft.ML;
using OfflineRl.MLNet.Algorithms.BehaviorCloning;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Tests.Environments;

public sealed class LocomotionDataGeneratorTests
{
    [Fact]
    public void Random_data_spends_the_budget_keeps_falls_and_timeouts_apart_and_repeats_byte_for_byte()
    {
        var episodes = LocomotionDataGenerator.Generate(EnvironmentCatalog.Hopper, BehaviorDatasetKind.Random, 3000, seed: 4);
        Assert.Equal(3000, episodes.Sum(e => e.Length));
        Assert.All(episodes.SkipLast(1), e => Assert.True(e.Terminals[^1] && !e.Truncations[^1], "a random hopper falls"));
        Assert.True(episodes[^1].Truncations[^1] || episodes[^1].Terminals[^1]);
        Assert.All(episodes, e => Assert.All(e.Actions, a => Assert.InRange(a, -1f, 1f)));
        Assert.All(episodes, e => Assert.Equal("random", e.Tag));

        var a = Bytes(EpisodeDatasets.Generate(EnvironmentCatalog.Hopper, BehaviorDatasetKind.Random, 3000, seed: 4));
        var b = Bytes(EpisodeDatasets.Generate(EnvironmentCatalog.Hopper, BehaviorDatasetKind.Random, 3000, seed: 4));
        var c = Bytes(EpisodeDatasets.Generate(EnvironmentCatalog.Hopper, BehaviorDatasetKind.Random, 3000, seed: 5));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void The_cheetah_never_falls_so_its_episodes_end_at_the_time_limit()
    {
        var episodes = LocomotionDataGenerator.Generate(EnvironmentCatalog.HalfCheetah, BehaviorDatasetKind.Random, 2500, seed: 0);
        Assert.Equal([1000, 1000, 500], episodes.Select(e => e.Length));
        Assert.All(episodes, e => Assert.True(e.Truncations[^1] && !e.Terminals.Any(t => t)));
    }

    [Fact]
    public void Medium_expert_logs_the_medium_policy_then_the_expert_and_draws_from_each()
    {
        var random = EpisodeDatasets.Generate(EnvironmentCatalog.Walker2d, BehaviorDatasetKind.Random, 2000, seed: 1);
        Policy Train(int seed) => new MLContext(seed).OfflineRL().Trainers.BehaviorCloning(new BehaviorCloningOptions
        {
            Steps = 50,
            HiddenSizes = [16],
            Seed = seed,
        }).Fit(random).Model.Policy;
        var (medium, expert) = (Train(1), Train(2));

        var episodes = LocomotionDataGenerator.Generate(EnvironmentCatalog.Walker2d, BehaviorDatasetKind.MediumExpert, 1200, seed: 3, medium, expert);
        Assert.Equal(1200, episodes.Sum(e => e.Length));
        var tags = episodes.Select(e => e.Tag).ToList();
        var firstExpert = tags.IndexOf("expert");
        Assert.True(firstExpert > 0, string.Join(",", tags));
        Assert.All(tags.Take(firstExpert), t => Assert.Equal("medium", t));
        Assert.All(tags.Skip(firstExpert), t => Assert.Equal("expert", t));
        Assert.InRange(episodes.Take(firstExpert).Sum(e => e.Length), 600, 600 + 1000);

        // Drawn, not greedy: the logged action differs from the policy's mean action at the same observation.
        var first = episodes[0];
        var mean = new float[6];
        medium.Act(first.ObservationAt(0), mean);
        Assert.NotEqual(mean, first.Actions.AsSpan(0, 6).ToArray());
    }

    [Fact]
    public void Missing_policies_medium_replay_and_other_tasks_are_refused_with_reasons()
    {
        var missing = Assert.Throws<ArgumentException>(() => LocomotionDataGenerator.Generate(EnvironmentCatalog.Hopper, BehaviorDatasetKind.Expert, 10, 0));
        Assert.Contains("expert policy", missing.Message, StringComparison.Ordinal);
        var replay = Assert.Throws<ArgumentException>(() => LocomotionDataGenerator.Generate(EnvironmentCatalog.Hopper, BehaviorDatasetKind.MediumReplay, 10, 0));
        Assert.Contains("replay buffer", replay.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LocomotionDataGenerator.Generate(EnvironmentCatalog.Pendulum, BehaviorDatasetKind.Random, 10, 0));
    }

    [Fact]
    public void Medium_replay_is_the_replay_logs_prefix_with_the_running_episode_cut_as_a_timeout()
    {
        var log = EpisodeDatasets.Generate(EnvironmentCatalog.Hopper, BehaviorDatasetKind.Random, 400, seed: 2);
        var firstEnd = log.GetEpisode(0).End;
        var cut = LocomotionDataGenerator.ReplayPrefix(log, firstEnd + 3, "prefix");
        Assert.Equal(firstEnd + 3, cut.Count);
        Assert.Equal(2, cut.EpisodeCount);
        Assert.True(cut.IsTerminal[firstEnd - 1]);
        Assert.True(cut.IsTruncated[^1] && !cut.IsTerminal[^1]);
        Assert.Equal(log.Observations[..(cut.Count * 11)].ToArray(), cut.Observations.ToArray());
        Assert.Equal(log.NextObservations[..(cut.Count * 11)].ToArray(), cut.NextObservations.ToArray());
        Assert.Equal(log.ContinuousActions[..(cut.Count * 3)].ToArray(), cut.ContinuousActions.ToArray());

        // Cut exactly at an episode's end: the fall stays a terminal.
        var whole = LocomotionDataGenerator.ReplayPrefix(log, firstEnd, "prefix");
        Assert.True(whole.IsTerminal[^1] && !whole.IsTruncated[^1]);
        Assert.Throws<ArgumentException>(() => LocomotionDataGenerator.ReplayPrefix(log, 401, "too long"));
    }

    private static byte[] Bytes(TrajectoryDataset data)
    {
        var path = Path.Combine(Path.GetTempPath(), $"locomotion-{Guid.NewGuid():N}.npz");
        try
        {
            NpzDatasetWriter.Write(data, path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
