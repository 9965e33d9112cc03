using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Tests.Environments;

public sealed class CartPoleEnvironmentTests
{
    // Published equations (Florian 2005 / Gymnasium cartpole.py), written out here independently:
    // temp = (F + m_p l θ̇² sin θ) / (m_c + m_p)
    // θ̈ = (g sin θ − cos θ · temp) / (l (4/3 − m_p cos² θ / (m_c + m_p)))
    // ẍ = temp − m_p l θ̈ cos θ / (m_c + m_p)
    // explicit Euler with τ = 0.02: x += τ ẋ, ẋ += τ ẍ, θ += τ θ̇, θ̇ += τ θ̈.
    private static double[] Expected(double[] s, int action)
    {
        const double g = 9.8, mc = 1.0, mp = 0.1, l = 0.5, tau = 0.02;
        var f = action == 1 ? 10.0 : -10.0;
        double x = s[0], v = s[1], th = s[2], w = s[3];
        var temp = (f + (mp * l * w * w * Math.Sin(th))) / (mc + mp);
        var thAcc = ((g * Math.Sin(th)) - (Math.Cos(th) * temp)) / (l * ((4.0 / 3.0) - (mp * Math.Cos(th) * Math.Cos(th) / (mc + mp))));
        var xAcc = temp - (mp * l * thAcc * Math.Cos(th) / (mc + mp));
        return [x + (tau * v), v + (tau * xAcc), th + (tau * w), w + (tau * thAcc)];
    }

    [Fact]
    public void Two_steps_from_an_explicit_state_follow_the_euler_equations()
    {
        var env = new CartPoleEnvironment();
        double[] state = [0.01, -0.02, 0.03, 0.04];
        env.Reset(state);

        var afterRight = Expected(state, 1);
        var r1 = env.Step(1);
        AssertState(afterRight, env.GetState());
        Assert.Equal(afterRight.Select(v => (float)v).ToArray(), r1.Observation);
        Assert.Equal(1.0, r1.Reward);
        Assert.False(r1.Terminated);
        Assert.False(r1.Truncated);

        var afterLeft = Expected(afterRight, 0);
        var r2 = env.Step(0);
        AssertState(afterLeft, env.GetState());
        Assert.Equal(1.0, r2.Reward);
    }

    [Fact]
    public void Position_uses_the_old_velocity_explicit_euler()
    {
        var env = new CartPoleEnvironment();
        env.Reset([0.0, 1.0, 0.0, 0.0]);
        env.Step(1);
        // Semi-implicit Euler would give x = 0.02 * (1 + 0.02 * ẍ); explicit Euler gives exactly τ·ẋ.
        Assert.Equal(0.02, env.GetState()[0], 15);
    }

    [Fact]
    public void Pole_beyond_twelve_degrees_terminates_with_reward_one()
    {
        var env = new CartPoleEnvironment();
        var threshold = 12 * 2 * Math.PI / 360;
        env.Reset([0.0, 0.0, threshold - 0.001, 1.0]); // θ' = θ + 0.02 > threshold
        var result = env.Step(1);
        Assert.True(result.Terminated);
        Assert.False(result.Truncated);
        Assert.Equal(1.0, result.Reward);
        Assert.Throws<InvalidOperationException>(() => env.Step(1));
    }

    [Fact]
    public void Pole_just_inside_the_threshold_does_not_terminate()
    {
        var env = new CartPoleEnvironment();
        var threshold = 12 * 2 * Math.PI / 360;
        env.Reset([0.0, 0.0, threshold - 0.03, 1.0]); // θ' = threshold − 0.01
        Assert.False(env.Step(1).Terminated);
    }

    [Theory]
    [InlineData(2.39, 1.0)]
    [InlineData(-2.39, -1.0)]
    public void Cart_beyond_two_point_four_terminates(double x, double v)
    {
        var env = new CartPoleEnvironment();
        env.Reset([x, v, 0.0, 0.0]); // x' = x ± 0.02
        var result = env.Step(0);
        Assert.True(result.Terminated);
        Assert.Equal(1.0, result.Reward);
    }

    [Fact]
    public void Time_limit_truncates_and_is_counted_by_the_environment()
    {
        var env = new CartPoleEnvironment(timeLimit: 3);
        env.Reset([0.0, 0.0, 0.0, 0.0]);
        Assert.False(env.Step(1).Done);
        Assert.False(env.Step(0).Done);
        var last = env.Step(1);
        Assert.True(last.Truncated);
        Assert.False(last.Terminated);
        Assert.Equal(3, env.ElapsedSteps);
        Assert.Throws<InvalidOperationException>(() => env.Step(0));
        Assert.Equal(500, new CartPoleEnvironment().TimeLimit);
    }

    [Fact]
    public void Default_time_limit_is_500_steps()
    {
        var env = new CartPoleEnvironment();
        var controller = new CartPoleController();
        controller.Reset(0);
        var observation = env.Reset(0);
        var steps = 0;
        StepResult result;
        do
        {
            result = env.Step(controller.Act(observation));
            observation = result.Observation;
            steps++;
        }
        while (!result.Done);

        Assert.Equal(500, steps);
        Assert.True(result.Truncated);
        Assert.False(result.Terminated);
    }

    [Fact]
    public void Seeded_reset_is_deterministic_and_uniform_in_the_documented_box()
    {
        var env = new CartPoleEnvironment();
        var a = env.Reset(42);
        var stateA = env.GetState();
        var b = env.Reset(42);
        Assert.Equal(a, b);
        Assert.Equal(stateA, env.GetState());
        Assert.NotEqual(a, env.Reset(43));
        for (var seed = 0; seed < 200; seed++)
        {
            env.Reset(seed);
            Assert.All(env.GetState(), v => Assert.InRange(v, -0.05, 0.05));
        }
    }

    [Fact]
    public void Invalid_actions_are_refused()
    {
        var env = new CartPoleEnvironment();
        Assert.Throws<InvalidOperationException>(() => env.Step(0));
        env.Reset(0);
        Assert.Throws<ArgumentException>(() => env.Step(2));
        Assert.Throws<ArgumentException>(() => env.Step([0.5f]));
        Assert.Throws<ArgumentException>(() => env.Step([0f, 1f]));
        Assert.Throws<ArgumentException>(() => env.Reset([0.0, 0.0, 0.0]));
    }

    private static void AssertState(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-12);
        }
    }
}
