using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Tests.Environments;

public sealed class BehaviorDataGeneratorTests
{
    [Theory]
    [InlineData("CartPole-v1", BehaviorDatasetKind.Random)]
    [InlineData("Acrobot-v1", BehaviorDatasetKind.MediumReplay)]
    [InlineData("MountainCar-v0", BehaviorDatasetKind.Medium)]
    [InlineData("MountainCarContinuous-v0", BehaviorDatasetKind.MediumExpert)]
    [InlineData("Pendulum-v1", BehaviorDatasetKind.Expert)]
    public void Spends_exactly_the_step_budget_and_cuts_the_last_episode(string id, BehaviorDatasetKind kind)
    {
        var episodes = BehaviorDataGenerator.Generate(id, kind, steps: 1234, seed: 5);
        Assert.Equal(1234, episodes.Sum(e => e.Length));
        Assert.All(episodes, e => Assert.True(e.Terminals[^1] ^ e.Truncations[^1]));
        var again = BehaviorDataGenerator.Generate(id, kind, steps: 1234, seed: 5);
        Assert.Equal(episodes.SelectMany(e => e.Actions), again.SelectMany(e => e.Actions));
        Assert.Equal(episodes.SelectMany(e => e.Observations), again.SelectMany(e => e.Observations));
    }

    [Fact]
    public void Medium_replay_moves_from_random_toward_medium_and_medium_expert_switches_halfway()
    {
        var replay = BehaviorDataGenerator.Generate("Pendulum-v1", BehaviorDatasetKind.MediumReplay, 4000, seed: 1);
        Assert.Equal("eps=1", replay[0].Tag);
        var last = double.Parse(replay[^1].Tag!["eps=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(last, BehaviorControllers.KnobsFor("Pendulum-v1", BehaviorLevel.Medium).Epsilon, 0.8);

        var mixed = BehaviorDataGenerator.Generate("Pendulum-v1", BehaviorDatasetKind.MediumExpert, 4000, seed: 1);
        Assert.Equal(10, mixed.Count(e => e.Tag == "medium"));
        Assert.Equal(10, mixed.Count(e => e.Tag == "expert"));
        Assert.True(mixed.Where(e => e.Tag == "expert").Average(e => e.Return) > mixed.Where(e => e.Tag == "medium").Average(e => e.Return));
    }

    [Fact]
    public void Stitching_environments_point_to_their_own_generators()
    {
        var ex = Assert.Throws<ArgumentException>(() => BehaviorDataGenerator.Generate("StitchGrid-v0", BehaviorDatasetKind.Medium, 100, 0));
        Assert.Contains("StitchGridDataGenerator", ex.Message);
    }
}
