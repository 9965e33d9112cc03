using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Tests.Environments;

public sealed class MountainCarContinuousEnvironmentTests
{
    // f = clip(a, −1, 1); v' = clip(v + 0.0015 f − 0.0025 cos(3p), ±0.07); p' = clip(p + v', [−1.2, 0.6]);
    // reward = 100·[p' ≥ 0.45 and v' ≥ 0] − 0.1·a² with the UNclipped a; state stored as float32.
    [Fact]
    public void Two_steps_from_an_explicit_state_follow_the_published_update()
    {
        var env = new MountainCarContinuousEnvironment();
        env.Reset([-0.5, 0.0]);
        var v1 = 0.0015 * 0.5 - (0.0025 * Math.Cos(-1.5));
        var p1 = -0.5 + v1;
        var r1 = env.Step([0.5f]);
        AssertFloat32State(p1, v1, env.GetState());
        Assert.Equal(-0.1 * 0.25, r1.Reward, 1e-15);
        Assert.False(r1.Terminated);

        double p = (float)p1, v = (float)v1;
        var v2 = v - 0.0015 - (0.0025 * Math.Cos(3 * p));
        var p2 = p + v2;
        var r2 = env.Step([-1f]);
        AssertFloat32State(p2, v2, env.GetState());
        Assert.Equal(-0.1, r2.Reward, 1e-15);
    }

    private static void AssertFloat32State(double position, double velocity, double[] state)
    {
        // Stored as float32 like Gymnasium: each value is a float32 within one float32 ulp of the float64 result.
        Assert.Equal((double)(float)state[0], state[0]);
        Assert.Equal((double)(float)state[1], state[1]);
        Assert.Equal(position, state[0], 1e-7);
        Assert.Equal(velocity, state[1], 1e-9);
    }

    [Fact]
    public void Penalty_uses_the_unclipped_action_while_the_force_uses_the_clipped_one()
    {
        var clipped = new MountainCarContinuousEnvironment();
        clipped.Reset([-0.5, 0.0]);
        var one = clipped.Step([1f]);

        var raw = new MountainCarContinuousEnvironment();
        raw.Reset([-0.5, 0.0]);
        var three = raw.Step([3f]);

        Assert.Equal(one.Observation, three.Observation);
        Assert.Equal(-0.1, one.Reward, 1e-15);
        Assert.Equal(-0.9, three.Reward, 1e-12);
    }

    [Fact]
    public void Reaching_0_45_terminates_with_100_minus_the_action_penalty()
    {
        var env = new MountainCarContinuousEnvironment();
        env.Reset([0.44, 0.02]);
        var result = env.Step([1f]);
        Assert.True(result.Terminated);
        Assert.False(result.Truncated);
        Assert.Equal(100.0 - 0.1, result.Reward, 1e-12);
    }

    [Fact]
    public void The_left_wall_is_inelastic()
    {
        var env = new MountainCarContinuousEnvironment();
        env.Reset([-1.19, -0.05]);
        env.Step([-1f]);
        Assert.Equal(new[] { (double)(float)-1.2, 0.0 }, env.GetState());
    }

    [Fact]
    public void Time_limit_is_999()
    {
        var env = new MountainCarContinuousEnvironment();
        Assert.Equal(999, env.TimeLimit);
        env.Reset([-0.5, 0.0]);
        var steps = 0;
        StepResult result;
        do
        {
            result = env.Step([0f]);
            steps++;
        }
        while (!result.Done);

        Assert.Equal(999, steps);
        Assert.True(result.Truncated);
    }

    [Fact]
    public void Actions_must_be_one_finite_value()
    {
        var env = new MountainCarContinuousEnvironment();
        env.Reset(0);
        Assert.Throws<ArgumentException>(() => env.Step([float.NaN]));
        Assert.Throws<ArgumentException>(() => env.Step([0f, 0f]));
        Assert.Throws<ArgumentException>(() => env.Step(1));
    }
}
