using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// What the classic-control environments share: a float64 state vector, the episode clock (time limit and
/// truncation), reset from an explicit state, and state snapshots. Each environment supplies its dynamics
/// (<c>Step</c>), its seeded start (<c>Reset(int)</c>) and how the state is observed.
/// </summary>
public abstract class ClassicControlEnvironment : IEnvironment
{
    private readonly double[] _state;

    /// <summary>Creates the shared parts.</summary>
    /// <param name="id">The environment id (used in messages).</param>
    /// <param name="stateDimension">Length of the float64 state.</param>
    /// <param name="timeLimit">Steps before truncation, ≥ 1.</param>
    private protected ClassicControlEnvironment(string id, int stateDimension, int timeLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeLimit, 1);
        Id = id;
        _state = new double[stateDimension];
        Clock = new EpisodeClock(id, timeLimit);
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public abstract int ObservationDimension { get; }

    /// <inheritdoc />
    public int StateDimension => _state.Length;

    /// <inheritdoc />
    public abstract ActionSpace ActionSpace { get; }

    /// <inheritdoc />
    public int TimeLimit => Clock.TimeLimit;

    /// <inheritdoc />
    public int ElapsedSteps => Clock.ElapsedSteps;

    /// <summary>The float64 state (layout in each environment's remarks).</summary>
    private protected double[] State => _state;

    /// <summary>Counts steps and decides truncation.</summary>
    private protected EpisodeClock Clock { get; }

    /// <inheritdoc />
    public abstract float[] Reset(int seed);

    /// <inheritdoc />
    /// <remarks>The state layout is given in each environment's remarks.</remarks>
    public float[] Reset(ReadOnlySpan<double> state)
    {
        ActionReader.CheckState(Id, state, StateDimension);
        state.CopyTo(_state);
        return Begin();
    }

    /// <inheritdoc />
    public abstract StepResult Step(ReadOnlySpan<float> action);

    /// <inheritdoc />
    public double[] GetState() => (double[])_state.Clone();

    /// <summary>Starts the episode clock and returns the first observation.</summary>
    private protected float[] Begin()
    {
        Clock.Start();
        return Observe();
    }

    /// <summary>The float32 observation of the current state.</summary>
    private protected abstract float[] Observe();
}
