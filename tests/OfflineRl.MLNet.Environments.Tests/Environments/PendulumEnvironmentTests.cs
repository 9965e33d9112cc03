using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Tests.Environments;

public sealed class PendulumEnvironmentTests
{
    // cost = norm(θ)² + 0.1 θ̇² + 0.001 u², norm(θ) = ((θ + π) mod 2π) − π (floored);
    // θ̇' = clip(θ̇ + (3g/(2l) sin θ + 3/(m l²) u) dt, ±8) = clip(θ̇ + (15 sin θ + 3u)·0.05, ±8); θ' = θ + θ̇'·0.05.
    [Fact]
    public void Two_steps_from_an_explicit_state_follow_the_published_update()
    {
        var env = new PendulumEnvironment();
        double theta = Math.PI / 4, thetaDot = 1.0;
        env.Reset([theta, thetaDot]);
        var r1 = env.Step([1.5f]);
        var expectedCost = (theta * theta) + (0.1 * thetaDot * thetaDot) + (0.001 * 1.5 * 1.5);
        var w1 = thetaDot + (((15 * Math.Sin(theta)) + 4.5) * 0.05);
        var t1 = theta + (w1 * 0.05);
        Assert.Equal(-expectedCost, r1.Reward, 1e-12);
        Assert.Equal(t1, env.GetState()[0], 1e-12);
        Assert.Equal(w1, env.GetState()[1], 1e-12);
        Assert.Equal(new[] { (float)Math.Cos(t1), (float)Math.Sin(t1), (float)w1 }, r1.Observation);
        Assert.False(r1.Terminated);

        var r2 = env.Step([-0.5f]);
        var w2 = w1 + (((15 * Math.Sin(t1)) - 1.5) * 0.05);
        Assert.Equal(-((t1 * t1) + (0.1 * w1 * w1) + (0.001 * 0.25)), r2.Reward, 1e-12);
        Assert.Equal(t1 + (w2 * 0.05), env.GetState()[0], 1e-12);
    }

    [Fact]
    public void Speed_is_clipped_before_the_angle_update()
    {
        var env = new PendulumEnvironment();
        env.Reset([0.5, 7.9]);
        env.Step([2f]);
        Assert.Equal(8.0, env.GetState()[1]);
        Assert.Equal(0.5 + (8.0 * 0.05), env.GetState()[0], 1e-15);
    }

    [Fact]
    public void Torque_is_clipped_to_two_in_dynamics_and_cost()
    {
        var a = new PendulumEnvironment();
        a.Reset([1.0, 0.0]);
        var two = a.Step([2f]);
        var b = new PendulumEnvironment();
        b.Reset([1.0, 0.0]);
        var five = b.Step([5f]);
        Assert.Equal(two.Observation, five.Observation);
        Assert.Equal(two.Reward, five.Reward);
        Assert.Equal(-(1.0 + (0.001 * 4)), five.Reward, 1e-12);
    }

    [Theory]
    [InlineData(-3 * Math.PI / 2, Math.PI / 2)]
    [InlineData(5 * Math.PI / 2, Math.PI / 2)]
    [InlineData(-Math.PI / 3, -Math.PI / 3)]
    [InlineData(-7 * Math.PI / 3, -Math.PI / 3)]
    public void Cost_normalizes_the_angle_with_a_floored_modulo(double theta, double normalized)
    {
        // A truncated modulo would map −3π/2 to −3π/2 (cost 22.2) instead of π/2 (cost 2.47).
        var env = new PendulumEnvironment();
        env.Reset([theta, 0.0]);
        var result = env.Step([0f]);
        Assert.Equal(-(normalized * normalized), result.Reward, 1e-12);
    }

    [Fact]
    public void Never_terminates_and_truncates_at_200()
    {
        var env = new PendulumEnvironment();
        Assert.Equal(200, env.TimeLimit);
        env.Reset(1);
        var steps = 0;
        StepResult result;
        do
        {
            result = env.Step([0f]);
            Assert.False(result.Terminated);
            steps++;
        }
        while (!result.Done);

        Assert.Equal(200, steps);
        Assert.True(result.Truncated);
    }

    [Fact]
    public void Seeded_reset_draws_angle_in_pi_and_speed_in_one()
    {
        var env = new PendulumEnvironment();
        for (var seed = 0; seed < 100; seed++)
        {
            env.Reset(seed);
            var s = env.GetState();
            Assert.InRange(s[0], -Math.PI, Math.PI);
            Assert.InRange(s[1], -1.0, 1.0);
        }

        Assert.Equal(env.Reset(9), env.Reset(9));
    }
}
