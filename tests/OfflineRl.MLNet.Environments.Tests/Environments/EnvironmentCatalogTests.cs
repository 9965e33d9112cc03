using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Tests.Environments;

public sealed class EnvironmentCatalogTests
{
    [Theory]
    [InlineData("CartPole-v1", 4, "Discrete(2)", 500)]
    [InlineData("Acrobot-v1", 6, "Discrete(3)", 500)]
    [InlineData("MountainCar-v0", 2, "Discrete(3)", 200)]
    [InlineData("MountainCarContinuous-v0", 2, "Box(1, low=[-1], high=[1])", 999)]
    [InlineData("Pendulum-v1", 3, "Box(1, low=[-2], high=[2])", 200)]
    [InlineData("StitchGrid-v0", 6, "Discrete(4)", 42)]
    [InlineData("StitchPointMaze-v0", 6, "Box(2, low=[-1, -1], high=[1, 1])", 84)]
    [InlineData("StitchFork-v0", 2, "Discrete(4)", 20)]
    [InlineData("StitchForkPoint-v0", 2, "Box(2, low=[-1, -1], high=[1, 1])", 40)]
    public void Creates_each_environment_with_its_spaces_and_time_limit(string id, int observationDimension, string actions, int timeLimit)
    {
        var env = EnvironmentCatalog.Create(id);
        Assert.Equal(id, env.Id);
        Assert.Equal(observationDimension, env.ObservationDimension);
        Assert.Equal(actions, env.ActionSpace.ToString());
        Assert.Equal(timeLimit, env.TimeLimit);
        var observation = env.Reset(0);
        Assert.Equal(observationDimension, observation.Length);
        Assert.Equal(env.StateDimension, env.GetState().Length);
        Assert.Equal(observation, env.Reset(env.GetState()));
    }

    [Fact]
    public void Ids_are_case_insensitive_and_unknown_ids_list_the_known_ones()
    {
        Assert.Equal("CartPole-v1", EnvironmentCatalog.Create("cartpole-V1").Id);
        var ex = Assert.Throws<ArgumentException>(() => EnvironmentCatalog.Create("Ant-v4"));
        Assert.Contains("Pendulum-v1", ex.Message);
        Assert.Equal(12, EnvironmentCatalog.Ids.Count);
        Assert.Equal(["HalfCheetah-v4", "Hopper-v4", "Walker2d-v4"], EnvironmentCatalog.LocomotionIds);
        Assert.Equal("Walker2d-v4", EnvironmentCatalog.Canonical("walker2d-V4"));
        Assert.True(EnvironmentCatalog.Contains("pendulum-v1"));
    }

    [Fact]
    public void Step_extension_refuses_continuous_environments()
    {
        var env = EnvironmentCatalog.Create(EnvironmentCatalog.Pendulum);
        env.Reset(0);
        Assert.Throws<ArgumentException>(() => env.Step(1));
        Assert.Equal(ActionKind.Continuous, env.ActionSpace.Kind);
    }
}
