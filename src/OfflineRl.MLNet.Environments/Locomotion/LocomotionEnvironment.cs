using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// What the MuJoCo locomotion environments share, with Gymnasium's v4 semantics: the action is written to the motors'
/// controls and the physics advances <see cref="FrameSkip"/> steps; the reward is forward velocity
/// (x after − x before)/dt minus a control cost, plus a healthy reward where the body can fall; the observation is
/// qpos without the x position, then qvel; episodes are truncated at 1,000 steps.
/// </summary>
/// <remarks>
/// <para>The internal state (<see cref="Reset(ReadOnlySpan{double})"/>, <see cref="GetState"/>) is qpos then qvel.</para>
/// <para>Actions must be finite; values beyond [−1, 1] are clamped by MuJoCo before they reach the motors (as in
/// Gymnasium), while the control cost is computed from the action as given.</para>
/// <para>Needs MuJoCo 2.2.2 (<c>apt-get install libmujoco2.2.2</c>); the constructor says so when it is missing.</para>
/// </remarks>
public abstract class LocomotionEnvironment : IEnvironment, IDisposable
{
    /// <summary>D4RL's episode length.</summary>
    public const int DefaultTimeLimit = 1000;

    private readonly MujocoSimulation _simulation;
    private readonly double[] _referencePositions;
    private readonly EpisodeClock _clock;

    private protected LocomotionEnvironment(string id, MujocoModel model, int frameSkip, double controlCostWeight, double resetNoiseScale, int timeLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeLimit, 1);
        Id = id;
        _simulation = new MujocoSimulation(model);
        _referencePositions = _simulation.ReferencePositions();
        _clock = new EpisodeClock(id, timeLimit);
        FrameSkip = frameSkip;
        ControlCostWeight = controlCostWeight;
        ResetNoiseScale = resetNoiseScale;
        ActionSpace = ActionSpace.Continuous(
            model.Controls,
            Enumerable.Repeat(-1f, model.Controls).ToArray(),
            Enumerable.Repeat(1f, model.Controls).ToArray());
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public int ObservationDimension => _simulation.Model.Positions - 1 + _simulation.Model.Velocities;

    /// <inheritdoc />
    public int StateDimension => _simulation.Model.Positions + _simulation.Model.Velocities;

    /// <inheritdoc />
    public ActionSpace ActionSpace { get; }

    /// <inheritdoc />
    public int TimeLimit => _clock.TimeLimit;

    /// <inheritdoc />
    public int ElapsedSteps => _clock.ElapsedSteps;

    /// <summary>Physics steps per environment step.</summary>
    public int FrameSkip { get; }

    /// <summary>Seconds per environment step: the model's time step × <see cref="FrameSkip"/>.</summary>
    public double Dt => _simulation.Model.Timestep * FrameSkip;

    /// <summary>Weight of Σ aᵢ² in the reward.</summary>
    public double ControlCostWeight { get; }

    /// <summary>Scale of the noise added to the reference pose at reset.</summary>
    public double ResetNoiseScale { get; }

    /// <summary>The torso's x position (qpos[0]), which the observation leaves out.</summary>
    public double X => _simulation.Positions[0];

    /// <summary>The simulation, for tests.</summary>
    internal MujocoSimulation Simulation => _simulation;

    /// <summary>The reference pose qpos0 that resets start from.</summary>
    internal ReadOnlySpan<double> ReferencePositions => _referencePositions;

    /// <inheritdoc />
    /// <remarks>qpos = qpos0 + U(−s, s) per coordinate; qvel as each environment documents.</remarks>
    public float[] Reset(int seed)
    {
        var random = new SeededRandom(seed);
        var positions = new double[_referencePositions.Length];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = _referencePositions[i] + random.NextDouble(-ResetNoiseScale, ResetNoiseScale);
        }

        var velocities = new double[_simulation.Model.Velocities];
        for (var i = 0; i < velocities.Length; i++)
        {
            velocities[i] = VelocityNoise(random);
        }

        _simulation.Reset(positions, velocities);
        _clock.Start();
        return Observe();
    }

    /// <inheritdoc />
    public float[] Reset(ReadOnlySpan<double> state)
    {
        ActionReader.CheckState(Id, state, StateDimension);
        var nq = _simulation.Model.Positions;
        _simulation.Reset(state[..nq], state[nq..]);
        _clock.Start();
        return Observe();
    }

    /// <inheritdoc />
    public StepResult Step(ReadOnlySpan<float> action)
    {
        _clock.EnsureRunning();
        ActionReader.CheckContinuous(Id, ActionSpace, action);
        var controls = _simulation.Controls;
        var controlCost = 0.0;
        for (var i = 0; i < action.Length; i++)
        {
            controls[i] = action[i];
            controlCost += (double)action[i] * action[i];
        }

        var before = X;
        _simulation.Step(FrameSkip);
        var velocity = (X - before) / Dt;
        var terminated = !IsHealthy;
        var reward = velocity + HealthyReward - (ControlCostWeight * controlCost);
        var truncated = _clock.Tick(terminated);
        return new StepResult(Observe(), reward, terminated, truncated);
    }

    /// <inheritdoc />
    public double[] GetState() => [.. _simulation.Positions, .. _simulation.Velocities];

    /// <summary>Releases MuJoCo's simulation data.</summary>
    public void Dispose()
    {
        _simulation.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>One initial velocity coordinate's noise.</summary>
    private protected abstract double VelocityNoise(SeededRandom random);

    /// <summary>Whether the body is upright enough to go on; always true where it cannot fall.</summary>
    private protected virtual bool IsHealthy => true;

    /// <summary>The per-step reward for staying healthy (1 while the episode runs, as v4 pays it on the falling step too).</summary>
    private protected virtual double HealthyReward => 0.0;

    /// <summary>Velocities as the observation shows them.</summary>
    private protected virtual double ObservedVelocity(double velocity) => velocity;

    private protected ReadOnlySpan<double> Positions => _simulation.Positions;

    private protected ReadOnlySpan<double> Velocities => _simulation.Velocities;

    private float[] Observe()
    {
        var positions = _simulation.Positions;
        var velocities = _simulation.Velocities;
        var observation = new float[ObservationDimension];
        var k = 0;
        for (var i = 1; i < positions.Length; i++)
        {
            observation[k++] = (float)positions[i];
        }

        foreach (var v in velocities)
        {
            observation[k++] = (float)ObservedVelocity(v);
        }

        return observation;
    }
}
