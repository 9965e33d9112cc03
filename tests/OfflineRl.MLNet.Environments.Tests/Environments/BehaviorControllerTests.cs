using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Tests.Environments;

public sealed class BehaviorControllerTests
{
    [Theory]
    [InlineData("CartPole-v1", 475.0)]
    [InlineData("Acrobot-v1", -100.0)]
    [InlineData("MountainCar-v0", -120.0)]
    [InlineData("MountainCarContinuous-v0", 85.0)]
    [InlineData("Pendulum-v1", -200.0)]
    [InlineData("StitchGrid-v0", 1.0)]
    [InlineData("StitchPointMaze-v0", 1.0)]
    public void Expert_is_far_better_than_random_and_medium_lies_between(string id, double expertAtLeast)
    {
        var env = EnvironmentCatalog.Create(id);
        var random = BehaviorRollout.Returns(env, BehaviorControllers.Create(id, BehaviorLevel.Random), 10, seed: 1000).Average();
        var medium = BehaviorRollout.Returns(env, BehaviorControllers.Create(id, BehaviorLevel.EpsilonGreedy), 10, seed: 1000).Average();
        var expert = BehaviorRollout.Returns(env, BehaviorControllers.Create(id, BehaviorLevel.Expert), 10, seed: 1000).Average();
        Assert.True(expert >= expertAtLeast, $"{id}: expert {expert}");
        var reference = ReferenceReturns.Get(id);
        Assert.True(reference.Normalize(random) < 10, $"{id}: random scores {reference.Normalize(random)}");
        Assert.True(reference.Normalize(expert) > 90, $"{id}: expert scores {reference.Normalize(expert)}");
        Assert.InRange(reference.Normalize(medium), 5, 75);
    }

    [Fact]
    public void Rollouts_are_reproducible_from_the_seed()
    {
        var env = EnvironmentCatalog.Create(EnvironmentCatalog.Pendulum);
        var controller = BehaviorControllers.Create(EnvironmentCatalog.Pendulum, BehaviorLevel.EpsilonGreedy);
        var a = BehaviorRollout.Run(env, controller, seed: 3);
        var b = BehaviorRollout.Run(env, controller, seed: 3);
        Assert.Equal(a.Actions, b.Actions);
        Assert.Equal(a.Rewards, b.Rewards);
        Assert.Equal(200, a.Length);
        Assert.True(a.Truncations[^1]);
        Assert.NotEqual(a.Actions, BehaviorRollout.Run(env, controller, seed: 4).Actions);
    }

    [Fact]
    public void Noise_knobs_are_validated_and_actions_stay_in_bounds()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CartPoleController(epsilon: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PendulumController(noiseScale: -1));
        var controller = new PendulumController(epsilon: 0.2, noiseScale: 2.0);
        controller.Reset(0);
        for (var i = 0; i < 200; i++)
        {
            Assert.InRange(controller.Act([0f, 1f, 3f])[0], -2f, 2f);
        }
    }

    [Fact]
    public void Controllers_refuse_the_wrong_environment()
    {
        var env = EnvironmentCatalog.Create(EnvironmentCatalog.CartPole);
        Assert.Throws<ArgumentException>(() => BehaviorRollout.Run(env, new PendulumController(), 0));
    }
}
