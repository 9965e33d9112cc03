using OfflineRl.MLNet.Environments;

namespace OfflineRl.MLNet.Tests.Environments;

public sealed class LocomotionEnvironmentTests
{
    [Theory]
    [InlineData(EnvironmentCatalog.HalfCheetah, 17, 6, 18, 0.05)]
    [InlineData(EnvironmentCatalog.Hopper, 11, 3, 12, 0.008)]
    [InlineData(EnvironmentCatalog.Walker2d, 17, 6, 18, 0.008)]
    public void Spaces_and_step_length_are_gymnasiums(string id, int observations, int actions, int state, double dt)
    {
        using var env = (LocomotionEnvironment)EnvironmentCatalog.Create(id);
        Assert.Equal(id, env.Id);
        Assert.Equal(observations, env.ObservationDimension);
        Assert.Equal(actions, env.ActionSpace.Dimension);
        Assert.Equal(state, env.StateDimension);
        Assert.Equal(dt, env.Dt, 1e-15);
        Assert.Equal(1000, env.TimeLimit);
        Assert.All(env.ActionSpace.Low!, low => Assert.Equal(-1f, low));
        Assert.All(env.ActionSpace.High!, high => Assert.Equal(1f, high));
        Assert.Equal(observations, env.Reset(0).Length);
    }

    [Fact]
    public void Reference_pose_stands_the_hoppers_at_their_model_height()
    {
        // rootz has ref = 1.25 in both models, so qpos0[1] = 1.25; the cheetah's torso starts at its body position.
        using var hopper = new HopperEnvironment();
        Assert.Equal(new[] { 0, 1.25, 0, 0, 0, 0 }, hopper.ReferencePositions.ToArray());
        using var walker = new Walker2dEnvironment();
        Assert.Equal(1.25, walker.ReferencePositions[1]);
        using var cheetah = new HalfCheetahEnvironment();
        Assert.All(cheetah.ReferencePositions.ToArray(), value => Assert.Equal(0.0, value));
    }

    [Theory]
    [InlineData(EnvironmentCatalog.HalfCheetah, 5, 0.1)]
    [InlineData(EnvironmentCatalog.Hopper, 4, 1e-3)]
    [InlineData(EnvironmentCatalog.Walker2d, 4, 1e-3)]
    public void Reward_is_forward_velocity_plus_healthy_minus_control_cost(string id, int frames, double costWeight)
    {
        using var env = (LocomotionEnvironment)EnvironmentCatalog.Create(id);
        env.Reset(3);
        var start = env.GetState();
        float[] action = [.. Enumerable.Range(0, env.ActionSpace.Dimension).Select(i => (0.9f * (i % 2 == 0 ? 1 : -1)) - (0.1f * i))];
        var result = env.Step(action);

        // The same physics driven directly: frames × mj_step with ctrl = action.
        using var twin = (LocomotionEnvironment)EnvironmentCatalog.Create(id);
        twin.Reset(start);
        for (var i = 0; i < action.Length; i++)
        {
            twin.Simulation.Controls[i] = action[i];
        }

        twin.Simulation.Step(frames);
        var healthy = id == EnvironmentCatalog.HalfCheetah ? 0.0 : 1.0;
        var expected = ((twin.Simulation.Positions[0] - start[0]) / (frames * twin.Simulation.Model.Timestep))
                       + healthy - (costWeight * action.Sum(a => (double)a * a));
        Assert.Equal(expected, result.Reward, 1e-12);
        Assert.Equal(twin.GetState(), env.GetState());
        Assert.NotEqual(start[0], env.GetState()[0]);
    }

    [Fact]
    public void Observation_drops_x_and_clips_the_hoppers_velocities_at_ten()
    {
        using var hopper = new HopperEnvironment();
        double[] state = [0.3, 1.25, 0.01, -0.1, -0.2, 0.05, 20.0, -15.0, 0.5, 3.0, -12.0, 0.25];
        var observation = hopper.Reset(state);
        Assert.Equal(new[] { 1.25f, 0.01f, -0.1f, -0.2f, 0.05f, 10f, -10f, 0.5f, 3f, -10f, 0.25f }, observation);

        using var cheetah = new HalfCheetahEnvironment();
        var cheetahState = Enumerable.Range(0, 18).Select(i => i - 9.0 + 0.5).ToArray();
        cheetahState[12] = 25.0;
        var cheetahObservation = cheetah.Reset(cheetahState);
        Assert.Equal(cheetahState.Skip(1).Select(v => (float)v).ToArray(), cheetahObservation);
    }

    [Theory]
    [InlineData(1.25, 0.21, true)]
    [InlineData(1.25, -0.21, true)]
    [InlineData(1.25, 0.05, false)]
    public void Hopper_terminates_outside_its_healthy_ranges(double z, double angle, bool terminated)
    {
        // A zero action for one step (0.008 s) barely moves the body, so the flags are those of the starting pose.
        using var env = new HopperEnvironment();
        env.Reset([0, z, angle, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        var result = env.Step([0f, 0f, 0f]);
        Assert.Equal(terminated, result.Terminated);
        Assert.False(result.Truncated);
        var velocity = (env.GetState()[0] - 0) / env.Dt;
        Assert.Equal(velocity + 1.0, result.Reward, 1e-12);
    }

    [Fact]
    public void Hopper_terminates_when_a_joint_velocity_leaves_plus_minus_100()
    {
        using var env = new HopperEnvironment();
        env.Reset([0, 1.25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 500]);
        Assert.True(env.Step([0f, 0f, 0f]).Terminated);
    }

    [Theory]
    [InlineData(2.5, 0.0, true)]
    [InlineData(1.25, 1.01, true)]
    [InlineData(1.25, -0.9, false)]
    public void Walker_terminates_outside_its_healthy_ranges(double z, double angle, bool terminated)
    {
        using var env = new Walker2dEnvironment();
        var state = new double[18];
        state[1] = z;
        state[2] = angle;
        env.Reset(state);
        Assert.Equal(terminated, env.Step(new float[6]).Terminated);
    }

    [Fact]
    public void Cheetah_never_terminates_and_is_truncated_at_the_limit()
    {
        using var env = new HalfCheetahEnvironment(timeLimit: 30);
        env.Reset(1);
        StepResult result;
        var steps = 0;
        do
        {
            result = env.Step([1f, -1f, 1f, -1f, 1f, -1f]);
            steps++;
            Assert.False(result.Terminated);
        }
        while (!result.Done);
        Assert.Equal(30, steps);
        Assert.True(result.Truncated);
        Assert.Throws<InvalidOperationException>(() => env.Step(new float[6]));
    }

    [Theory]
    [InlineData(EnvironmentCatalog.HalfCheetah)]
    [InlineData(EnvironmentCatalog.Hopper)]
    [InlineData(EnvironmentCatalog.Walker2d)]
    public void Reset_with_a_seed_is_reproducible_and_stays_within_the_noise(string id)
    {
        using var a = (LocomotionEnvironment)EnvironmentCatalog.Create(id);
        using var b = (LocomotionEnvironment)EnvironmentCatalog.Create(id);
        Assert.Equal(a.Reset(42), b.Reset(42));
        Assert.Equal(a.GetState(), b.GetState());
        Assert.NotEqual(a.Reset(43), b.Reset(42));

        var scale = a.ResetNoiseScale;
        var spread = 0.0;
        for (var seed = 0; seed < 20; seed++)
        {
            var state = a.GetState();
            a.Reset(seed);
            state = a.GetState();
            for (var i = 0; i < a.ReferencePositions.Length; i++)
            {
                var offset = state[i] - a.ReferencePositions[i];
                Assert.InRange(offset, -scale, scale);
                spread = Math.Max(spread, Math.Abs(offset));
            }
        }

        Assert.True(spread > scale / 2, $"largest reset offset {spread} for noise scale {scale}");
        // The same seed steps to the same states (MuJoCo is deterministic on one machine).
        a.Reset(7);
        b.Reset(7);
        for (var t = 0; t < 50; t++)
        {
            float[] action = [.. Enumerable.Range(0, a.ActionSpace.Dimension).Select(i => MathF.Sin(t + i))];
            var (x, y) = (a.Step(action), b.Step(action));
            Assert.Equal(x.Observation, y.Observation);
            Assert.Equal(x.Reward, y.Reward);
            Assert.Equal(x.Terminated, y.Terminated);
            if (x.Done)
            {
                break;
            }
        }
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void A_non_finite_action_is_refused_and_the_episode_goes_on(float bad)
    {
        using var env = new HopperEnvironment();
        env.Reset(0);
        var before = env.GetState();
        var error = Assert.Throws<ArgumentException>(() => env.Step([0f, bad, 0f]));
        Assert.Contains("Hopper-v4", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, env.GetState());
        Assert.True(double.IsFinite(env.Step([0.1f, 0.1f, 0.1f]).Reward));
    }

    [Fact]
    public void Out_of_range_actions_reach_the_motors_clamped_but_are_charged_as_given()
    {
        using var clamped = new Walker2dEnvironment();
        using var huge = new Walker2dEnvironment();
        clamped.Reset(5);
        huge.Reset(5);
        float[] inRange = [1f, -1f, 1f, -1f, 1f, -1f];
        float[] outOfRange = [1e30f, -1e30f, 2f, -3f, float.MaxValue, float.MinValue];
        var a = clamped.Step(inRange);
        var b = huge.Step(outOfRange);
        Assert.Equal(a.Observation, b.Observation);
        var costGap = 1e-3 * (outOfRange.Sum(v => (double)v * v) - 6);
        Assert.Equal(a.Reward - costGap, b.Reward, Math.Abs(costGap) * 1e-12);
        Assert.All(huge.GetState(), value => Assert.True(double.IsFinite(value)));
    }

    // Gymnasium's healthy ranges, written from the state after the step (qpos then qvel).
    private static bool Healthy(string id, double[] s) => id switch
    {
        EnvironmentCatalog.Hopper => s[1] > 0.7 && Math.Abs(s[2]) < 0.2 && s[2..].All(v => Math.Abs(v) < 100),
        EnvironmentCatalog.Walker2d => s[1] > 0.8 && s[1] < 2.0 && s[2] > -1 && s[2] < 1,
        _ => true,
    };

    [Fact]
    public void Random_actions_end_episodes_exactly_when_the_body_leaves_its_healthy_ranges_and_the_physics_stays_stable()
    {
        var random = new Random(11);
        foreach (var id in EnvironmentCatalog.LocomotionIds)
        {
            using var env = (LocomotionEnvironment)EnvironmentCatalog.Create(id);
            var episodes = 0;
            var falls = 0;
            env.Reset(episodes);
            for (var t = 0; t < 3000; t++)
            {
                var action = new float[env.ActionSpace.Dimension];
                for (var i = 0; i < action.Length; i++)
                {
                    action[i] = (float)((random.NextDouble() * 4) - 2);
                }

                var result = env.Step(action);
                Assert.All(result.Observation, value => Assert.True(float.IsFinite(value)));
                Assert.Equal(!Healthy(id, env.GetState()), result.Terminated);
                if (result.Done)
                {
                    falls += result.Terminated ? 1 : 0;
                    env.Reset(++episodes);
                }
            }

            Assert.Equal(0, env.Simulation.Instabilities);
            // Random actions topple the hopper and the walker within a few dozen steps; the cheetah cannot fall.
            Assert.True(id == EnvironmentCatalog.HalfCheetah ? falls == 0 : falls > 20, $"{id}: {falls} falls");
        }
    }

    [Fact]
    public void Bad_states_and_unknown_ids_are_refused()
    {
        using var env = new HopperEnvironment();
        Assert.Throws<ArgumentException>(() => env.Reset(new double[11]));
        Assert.Throws<ArgumentException>(() => env.Reset([0, 1.25, 0, 0, 0, double.NaN, 0, 0, 0, 0, 0, 0]));
        Assert.Throws<InvalidOperationException>(() => new HopperEnvironment().Step(new float[3]));
        var unknown = Assert.Throws<ArgumentException>(() => EnvironmentCatalog.Create("Ant-v4"));
        Assert.Contains("Hopper-v4", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => MujocoModel.FromXml("<mujoco><worldbody><body></mujoco>"));
    }
}
