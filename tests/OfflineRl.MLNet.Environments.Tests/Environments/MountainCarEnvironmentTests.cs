using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Tests.Environments;

public sealed class MountainCarEnvironmentTests
{
    // v' = clip(v + (a − 1)·0.001 − 0.0025·cos(3p), ±0.07); p' = clip(p + v', [−1.2, 0.6]).
    [Fact]
    public void Two_steps_from_an_explicit_state_follow_the_published_update()
    {
        var env = new MountainCarEnvironment();
        env.Reset([-0.5, 0.0]);
        var v1 = 0.0 + 0.001 - (0.0025 * Math.Cos(-1.5));
        var p1 = -0.5 + v1;
        var r1 = env.Step(2);
        Assert.Equal(p1, env.GetState()[0], 1e-15);
        Assert.Equal(v1, env.GetState()[1], 1e-15);
        Assert.Equal(new[] { (float)p1, (float)v1 }, r1.Observation);
        Assert.Equal(-1.0, r1.Reward);

        var v2 = v1 - 0.001 - (0.0025 * Math.Cos(3 * p1));
        var p2 = p1 + v2;
        env.Step(0);
        Assert.Equal(p2, env.GetState()[0], 1e-15);
        Assert.Equal(v2, env.GetState()[1], 1e-15);
    }

    [Fact]
    public void Speed_is_clipped_to_0_07()
    {
        var env = new MountainCarEnvironment();
        env.Reset([-0.5, 0.0699]);
        env.Step(2);
        Assert.Equal(0.07, env.GetState()[1]);
        Assert.Equal(-0.5 + 0.07, env.GetState()[0], 1e-15);
    }

    [Fact]
    public void The_left_wall_is_inelastic()
    {
        var env = new MountainCarEnvironment();
        env.Reset([-1.19, -0.05]);
        env.Step(0);
        Assert.Equal(new[] { -1.2, 0.0 }, env.GetState());
    }

    [Fact]
    public void Reaching_0_5_with_nonnegative_speed_terminates_with_reward_minus_one()
    {
        var env = new MountainCarEnvironment();
        env.Reset([0.49, 0.02]);
        var result = env.Step(1);
        Assert.True(result.Terminated);
        Assert.Equal(-1.0, result.Reward);
    }

    [Fact]
    public void Time_limit_is_200()
    {
        var env = new MountainCarEnvironment();
        Assert.Equal(200, env.TimeLimit);
        env.Reset([-0.5, 0.0]);
        StepResult result;
        var steps = 0;
        do
        {
            result = env.Step(1);
            steps++;
        }
        while (!result.Done);

        Assert.Equal(200, steps);
        Assert.True(result.Truncated);
        Assert.False(result.Terminated);
    }

    [Fact]
    public void Seeded_reset_starts_at_rest_between_minus_0_6_and_minus_0_4()
    {
        var env = new MountainCarEnvironment();
        for (var seed = 0; seed < 100; seed++)
        {
            var o = env.Reset(seed);
            Assert.InRange(o[0], -0.6f, -0.4f);
            Assert.Equal(0f, o[1]);
        }

        Assert.Equal(env.Reset(3), env.Reset(3));
    }
}
