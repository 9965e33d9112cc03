using Microsoft.ML;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Evaluation;
using OfflineRl.MLNet.Tests.Cli;

namespace OfflineRl.MLNet.Tests.Evaluation;

public sealed class EpisodeDatasetsTests
{
    [Fact]
    public void Conversion_keeps_terminals_truncations_and_next_observations_apart()
    {
        // Medium CartPole: most episodes end terminal; the step budget truncates the last one.
        var episodes = BehaviorDataGenerator.Generate(EnvironmentCatalog.CartPole, BehaviorDatasetKind.Medium, 3000, seed: 4);
        var data = EpisodeDatasets.ToDataset(episodes, "cp", episodes[0].ActionSpace);
        AssertMatches(episodes, data);
        Assert.Contains(true, data.IsTerminal.ToArray());
        Assert.Contains(true, data.IsTruncated.ToArray());
        Assert.True(data.ActionSpace.IsDiscrete);
        Assert.Equal(2, data.ActionSpace.Count);
    }

    [Fact]
    public void Continuous_episodes_keep_their_actions_and_time_limit_truncations()
    {
        var episodes = BehaviorDataGenerator.Generate(EnvironmentCatalog.Pendulum, BehaviorDatasetKind.Expert, 450, seed: 1);
        var data = EpisodeDatasets.ToDataset(episodes, "pendulum");
        AssertMatches(episodes, data);
        Assert.DoesNotContain(true, data.IsTerminal.ToArray());
        Assert.Equal(episodes.SelectMany(e => e.Actions), data.ContinuousActions.ToArray());
        Assert.False(data.ActionSpace.IsDiscrete);
    }

    [Fact]
    public void Stitch_grid_dataset_has_terminal_goal_reaches_and_truncated_segments()
    {
        var data = EpisodeDatasets.Generate(EnvironmentCatalog.StitchGrid, BehaviorDatasetKind.Medium, steps: 1, seed: 2);
        var episodes = EpisodeDatasets.Episodes(EnvironmentCatalog.StitchGrid, BehaviorDatasetKind.Medium, 1, 2);
        AssertMatches(episodes, data);
        for (var i = 0; i < data.Count; i++)
        {
            Assert.False(data.IsTerminal[i] && data.IsTruncated[i]);
            Assert.Equal(data.IsTerminal[i] ? 1f : 0f, data.Rewards[i]);
        }
    }

    [Theory]
    [InlineData("CartPole-v1", "medium-replay", "4000")]
    [InlineData("MountainCarContinuous-v0", "medium-expert", "3000")]
    [InlineData("StitchGrid-v0", "stitch", "1")]
    [InlineData("StitchPointMaze-v0", "random", "1")]
    public void Generate_command_gives_the_same_bytes_for_the_same_seed(string env, string kind, string steps)
    {
        var dir = Directory.CreateTempSubdirectory("offlinerl-gen-");
        try
        {
            string Write(string name, string seed)
            {
                var path = Path.Combine(dir.FullName, name);
                var (code, _, err) = CliRunner.Run("generate", "--env", env, "--kind", kind, "--steps", steps, "--seed", seed, "--out", path);
                Assert.True(code == 0, err);
                return path;
            }

            var a = File.ReadAllBytes(Write("a.npz", "7"));
            var b = File.ReadAllBytes(Write("b.npz", "7"));
            var c = File.ReadAllBytes(Write("c.npz", "8"));
            Assert.Equal(a, b);
            Assert.NotEqual(a, c);

            // The D4RL layout reads back with terminals and timeouts apart.
            var loaded = new MLContext().OfflineRL().Data.LoadNpz(Path.Combine(dir.FullName, "a.npz"));
            var expected = EpisodeDatasets.Generate(env, EpisodeDatasets.IsStitching(env) ? BehaviorDatasetKind.Medium : EpisodeDatasets.ParseKind(kind), int.Parse(steps), 7);
            Assert.Equal(expected.IsTerminal.ToArray(), loaded.IsTerminal.ToArray());
            Assert.Equal(expected.IsTruncated.ToArray(), loaded.IsTruncated.ToArray());
            Assert.Equal(expected.NextObservations.ToArray(), loaded.NextObservations.ToArray());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Generate_command_rejects_unknown_kinds()
    {
        var (code, _, err) = CliRunner.Run("generate", "--env", "CartPole-v1", "--kind", "superb", "--steps", "10", "--out", Path.Combine(Path.GetTempPath(), "never.npz"));
        Assert.Equal(1, code);
        Assert.Contains("Unknown dataset kind", err, StringComparison.Ordinal);
    }

    private static void AssertMatches(IReadOnlyList<EnvironmentEpisode> episodes, TrajectoryDataset data)
    {
        Assert.Equal(episodes.Count, data.EpisodeCount);
        Assert.Equal(episodes.Sum(e => e.Length), data.Count);
        Assert.Equal(episodes.SelectMany(e => e.Terminals), data.IsTerminal.ToArray());
        Assert.Equal(episodes.SelectMany(e => e.Truncations), data.IsTruncated.ToArray());
        Assert.Equal(episodes.SelectMany(e => e.Rewards), data.Rewards.ToArray());
        Assert.Equal(episodes.SelectMany(e => e.Observations), data.Observations.ToArray());
        Assert.True(data.HasNextObservations);
        Assert.Equal(episodes.SelectMany(e => e.NextObservations), data.NextObservations.ToArray());
    }
}
