using OfflineRl.MLNet.Algorithms.Sac;
using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Tests.Environments;

public sealed class BehaviorPolicyTrainingTests
{
    private static BehaviorPolicyTrainingOptions Small => new()
    {
        Steps = 700,
        RandomSteps = 300,
        EvaluateEvery = 350,
        EvaluationEpisodes = 1,
        Agent = new SoftActorCriticAgentOptions { HiddenSizes = [16], BatchSize = 32, Seed = 2 },
    };

    [Fact]
    public void A_run_saves_scored_checkpoints_and_every_transition_in_order_and_repeats_byte_for_byte()
    {
        var a = Directory.CreateTempSubdirectory("sac-a-");
        var b = Directory.CreateTempSubdirectory("sac-b-");
        try
        {
            var checkpoints = BehaviorPolicyTraining.Run(EnvironmentCatalog.Hopper, a.FullName, Small);
            Assert.Equal([350, 700], checkpoints.Select(c => c.Step));
            Assert.All(checkpoints, c => Assert.Equal(100 * (c.MeanReturn + 20.272305) / (3234.3 + 20.272305), c.NormalizedScore, 9));
            var log = File.ReadAllLines(Path.Combine(a.FullName, "checkpoints.csv"));
            Assert.Equal("step,mean_return,normalized_score,seconds,policy", log[0]);
            Assert.StartsWith("700,", log[2], StringComparison.Ordinal);
            var policy = Policy.Load(checkpoints[^1].PolicyPath);
            Assert.Equal((11, 3), (policy.ObservationDimension, policy.ActionDimension));

            // The replay log: 700 rows in the order they were taken, falls as terminals, the cut last episode as a timeout.
            var replay = new Microsoft.ML.MLContext().OfflineRL().Data.LoadNpz(Path.Combine(a.FullName, "replay.npz"));
            Assert.Equal(700, replay.Count);
            Assert.True(replay.EpisodeCount > 10, $"{replay.EpisodeCount} episodes: a barely trained hopper falls often");
            var ends = replay.Episodes.Select(e => e.End - 1).ToList();
            foreach (var row in ends.SkipLast(1))
            {
                Assert.True(replay.IsTerminal[row], $"row {row} ends an episode before the last: a fall");
            }

            BehaviorPolicyTraining.Run(EnvironmentCatalog.Hopper, b.FullName, Small);
            foreach (var file in new[] { "replay.npz", "policy-step350.bin", "policy-step700.bin" })
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(a.FullName, file)), File.ReadAllBytes(Path.Combine(b.FullName, file)));
            }
        }
        finally
        {
            a.Delete(recursive: true);
            b.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_replay_log_is_reproduced_without_checkpoints_up_to_any_step()
    {
        var folder = Directory.CreateTempSubdirectory("sac-r-");
        try
        {
            BehaviorPolicyTraining.Run(EnvironmentCatalog.Hopper, folder.FullName, Small);
            var full = new Microsoft.ML.MLContext().OfflineRL().Data.LoadNpz(Path.Combine(folder.FullName, "replay.npz"));
            var prefix = LocomotionDataGenerator.ReplayPrefix(full, 500, "prefix");

            // Evaluation settings differ; the log must not, since evaluation never draws from the run's streams.
            var again = BehaviorPolicyTraining.ReplayLog(EnvironmentCatalog.Hopper, 500, new BehaviorPolicyTrainingOptions { RandomSteps = 300, EvaluateEvery = 1, Agent = Small.Agent });
            Assert.Equal(500, again.Count);
            Assert.Equal(prefix.Observations.ToArray(), again.Observations.ToArray());
            Assert.Equal(prefix.ContinuousActions.ToArray(), again.ContinuousActions.ToArray());
            Assert.Equal(prefix.Rewards.ToArray(), again.Rewards.ToArray());
            Assert.Equal(prefix.IsTerminal.ToArray(), again.IsTerminal.ToArray());
            Assert.Equal(prefix.IsTruncated.ToArray(), again.IsTruncated.ToArray());
            Assert.True(again.IsTruncated[499] || again.IsTerminal[499], "the episode running at the last step is cut there");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Only_locomotion_tasks_are_trained()
    {
        var error = Assert.Throws<ArgumentException>(() => BehaviorPolicyTraining.Run(EnvironmentCatalog.Pendulum, Path.GetTempPath(), Small));
        Assert.Contains("not a locomotion task", error.Message, StringComparison.Ordinal);
    }
}
