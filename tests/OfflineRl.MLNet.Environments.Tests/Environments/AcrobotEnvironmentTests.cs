using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Tests.Environments;

public sealed class AcrobotEnvironmentTests
{
    // Book dynamics (Sutton & Barto; Gymnasium acrobot.py default) with the constants substituted by hand:
    // m1 = m2 = 1, l1 = 1, lc1 = lc2 = 0.5, I1 = I2 = 1, g = 9.8, and cos(a − π/2) = sin a:
    // d1 = 3.5 + cos θ2, d2 = 1.25 + 0.5 cos θ2, φ2 = 4.9 sin(θ1 + θ2),
    // φ1 = −0.5 θ̇2² sin θ2 − θ̇1 θ̇2 sin θ2 + 14.7 sin θ1 + φ2,
    // θ̈2 = (τ + d2/d1 φ1 − 0.5 θ̇1² sin θ2 − φ2) / (1.25 − d2²/d1), θ̈1 = −(d2 θ̈2 + φ1)/d1.
    private static double[] Derivative(double[] s, double torque)
    {
        double t1 = s[0], t2 = s[1], w1 = s[2], w2 = s[3];
        var d1 = 3.5 + Math.Cos(t2);
        var d2 = 1.25 + (0.5 * Math.Cos(t2));
        var phi2 = 4.9 * Math.Sin(t1 + t2);
        var phi1 = (-0.5 * w2 * w2 * Math.Sin(t2)) - (w1 * w2 * Math.Sin(t2)) + (14.7 * Math.Sin(t1)) + phi2;
        var acc2 = (torque + (d2 / d1 * phi1) - (0.5 * w1 * w1 * Math.Sin(t2)) - phi2) / (1.25 - (d2 * d2 / d1));
        var acc1 = -((d2 * acc2) + phi1) / d1;
        return [w1, w2, acc1, acc2];
    }

    private static double[] Rk4(double[] s, double torque)
    {
        const double h = 0.2;
        static double[] Add(double[] a, double[] b, double c) => a.Select((v, i) => v + (c * b[i])).ToArray();
        var k1 = Derivative(s, torque);
        var k2 = Derivative(Add(s, k1, h / 2), torque);
        var k3 = Derivative(Add(s, k2, h / 2), torque);
        var k4 = Derivative(Add(s, k3, h), torque);
        var next = s.Select((v, i) => v + (h / 6 * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i]))).ToArray();
        next[0] = WrapByHand(next[0]);
        next[1] = WrapByHand(next[1]);
        next[2] = Math.Clamp(next[2], -4 * Math.PI, 4 * Math.PI);
        next[3] = Math.Clamp(next[3], -9 * Math.PI, 9 * Math.PI);
        return next;
    }

    private static double WrapByHand(double a)
    {
        while (a > Math.PI)
        {
            a -= 2 * Math.PI;
        }

        while (a < -Math.PI)
        {
            a += 2 * Math.PI;
        }

        return a;
    }

    [Fact]
    public void Two_steps_from_an_explicit_state_follow_one_rk4_step_of_the_book_dynamics()
    {
        var env = new AcrobotEnvironment();
        double[] state = [0.3, -0.2, 0.5, -0.4];
        env.Reset(state);

        var expected1 = Rk4(state, +1.0);
        var r1 = env.Step(2);
        AssertClose(expected1, env.GetState());
        Assert.Equal(-1.0, r1.Reward);
        Assert.False(r1.Terminated);
        float[] observation =
        [
            (float)Math.Cos(expected1[0]), (float)Math.Sin(expected1[0]), (float)Math.Cos(expected1[1]),
            (float)Math.Sin(expected1[1]), (float)expected1[2], (float)expected1[3],
        ];
        Assert.Equal(observation, r1.Observation);

        var expected2 = Rk4(expected1, -1.0);
        env.Step(0);
        AssertClose(expected2, env.GetState());
    }

    [Fact]
    public void Hanging_at_rest_without_torque_is_an_equilibrium()
    {
        var env = new AcrobotEnvironment();
        env.Reset([0.0, 0.0, 0.0, 0.0]);
        env.Step(1);
        Assert.All(env.GetState(), v => Assert.Equal(0.0, v, 1e-15));
    }

    [Fact]
    public void Opposite_torques_from_rest_give_mirrored_states()
    {
        var env = new AcrobotEnvironment();
        env.Reset([0.0, 0.0, 0.0, 0.0]);
        env.Step(2);
        var plus = env.GetState();
        env.Reset([0.0, 0.0, 0.0, 0.0]);
        env.Step(0);
        var minus = env.GetState();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(-plus[i], minus[i], 1e-15);
        }

        Assert.True(plus[3] > 0); // +1 torque accelerates the second joint positively.
    }

    [Fact]
    public void Angles_wrap_into_minus_pi_to_pi_and_velocities_are_bounded()
    {
        var env = new AcrobotEnvironment();
        double[] state = [Math.PI - 0.01, 0.0, 4 * Math.PI, 0.0];
        env.Reset(state);
        var result = env.Step(2);
        var s = env.GetState();
        AssertClose(Rk4(state, 1.0), s);
        Assert.InRange(s[0], -Math.PI, 0); // passed through π and wrapped by one turn
        Assert.Equal(4 * Math.PI, s[2]); // the first joint's speed hit its bound
        Assert.Equal((float)s[2], result.Observation[4]);

        double[] fast = [3.0, 3.0, 4 * Math.PI, 9 * Math.PI];
        env.Reset(fast);
        env.Step(2);
        s = env.GetState();
        AssertClose(Rk4(fast, 1.0), s);
        Assert.Equal(-4 * Math.PI, s[2]);
        Assert.Equal(9 * Math.PI, s[3]);
        Assert.All(s[..2], a => Assert.InRange(a, -Math.PI, Math.PI));
    }

    [Fact]
    public void Reaching_the_height_terminates_with_reward_zero()
    {
        var env = new AcrobotEnvironment();
        env.Reset([Math.PI, 0.0, 0.0, 0.0]); // straight up: −cos θ1 − cos(θ1 + θ2) = 2 > 1
        var result = env.Step(1);
        var s = env.GetState();
        Assert.True(-Math.Cos(s[0]) - Math.Cos(s[0] + s[1]) > 1.0);
        Assert.True(result.Terminated);
        Assert.Equal(0.0, result.Reward);
    }

    [Fact]
    public void Time_limit_is_500_and_truncates()
    {
        Assert.Equal(500, new AcrobotEnvironment().TimeLimit);
        var env = new AcrobotEnvironment(timeLimit: 2);
        env.Reset([0.0, 0.0, 0.0, 0.0]);
        Assert.False(env.Step(1).Truncated);
        var last = env.Step(1);
        Assert.True(last.Truncated);
        Assert.False(last.Terminated);
        Assert.Equal(-1.0, last.Reward);
    }

    [Fact]
    public void Seeded_reset_is_deterministic_and_rounded_to_float32_like_gymnasium()
    {
        var env = new AcrobotEnvironment();
        var a = env.Reset(5);
        var state = env.GetState();
        Assert.Equal(a, env.Reset(5));
        Assert.All(state, v => Assert.Equal(v, (double)(float)v));
        Assert.All(state, v => Assert.InRange(v, -0.1, 0.1));
        Assert.Equal(6, a.Length);
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-12);
        }
    }
}
