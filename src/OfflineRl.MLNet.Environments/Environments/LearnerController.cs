using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>
/// One stage of a learning behavior policy for medium-replay data: the environment's scripted expert acting on what an
/// imperfect learner perceives — the observation of <c>delay</c> steps ago, each variable read with a per-stage gain, one
/// variable offset by a systematic bias (a wrong threshold) and, early on, one variable not observed at all. The flaw level
/// scales all of them: 1 is the first, barely-trained stage; smaller is further into training.
/// </summary>
/// <remarks>
/// Continuous actions get Gaussian noise of standard deviation 0.1 × half the action range (a stochastic policy, as D4RL's);
/// discrete actions get none, so every difference from the expert depends on the state.
/// </remarks>
public sealed class LearnerController : IBehaviorController
{
    private const double ContinuousNoise = 0.1;

    private readonly IBehaviorController _expert;
    private readonly ActionNoise _noise;
    private readonly double[] _gains;
    private readonly Queue<float[]> _history = new();
    private readonly LearnerFlaws _flaws;

    /// <summary>Creates a stage.</summary>
    /// <param name="environmentId">A classic-control id.</param>
    /// <param name="flaw">The flaw level in [0, 1] (0 is the expert).</param>
    /// <param name="stageSeed">Seeds the stage's gains.</param>
    public LearnerController(string environmentId, double flaw, int stageSeed)
    {
        if (!(flaw >= 0 && flaw <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(flaw), flaw, "The flaw level is in [0, 1].");
        }

        EnvironmentId = EnvironmentCatalog.Canonical(environmentId);
        _flaws = LearnerFlaws.For(EnvironmentId);
        _expert = BehaviorControllers.Create(EnvironmentId, BehaviorLevel.Expert);
        Flaw = flaw;
        Delay = (int)Math.Round(flaw * _flaws.MaxDelay, MidpointRounding.AwayFromZero);
        var dimension = EnvironmentCatalog.Create(EnvironmentId).ObservationDimension;
        var random = new SeededRandom(stageSeed);
        _gains = new double[dimension];
        for (var i = 0; i < dimension; i++)
        {
            _gains[i] = 1 + (flaw * _flaws.GainSpread * ((2 * random.NextDouble()) - 1));
        }

        _noise = new ActionNoise(ActionSpace, 0, ActionSpace.IsDiscrete ? 0 : ContinuousNoise);
    }

    /// <inheritdoc />
    public string EnvironmentId { get; }

    /// <inheritdoc />
    public ActionSpace ActionSpace => _expert.ActionSpace;

    /// <summary>The flaw level (1 = first stage, 0 = expert).</summary>
    public double Flaw { get; }

    /// <summary>Observation delay in steps.</summary>
    public int Delay { get; }

    /// <summary>Whether the learner still misses <see cref="LearnerFlaws.HiddenIndex"/>.</summary>
    public bool MissesVariable => Flaw > 0.8;

    /// <inheritdoc />
    public void Reset(int seed)
    {
        _history.Clear();
        _noise.Reset(seed);
    }

    /// <inheritdoc />
    public float[] Act(ReadOnlySpan<float> observation)
    {
        _history.Enqueue(observation.ToArray());
        while (_history.Count > Delay + 1)
        {
            _history.Dequeue();
        }

        // The oldest kept observation is the one from Delay steps ago (or the episode's first while fewer steps have passed).
        var seen = _history.Peek();
        var perceived = new float[seen.Length];
        for (var i = 0; i < seen.Length; i++)
        {
            perceived[i] = (float)(_gains[i] * seen[i]);
        }

        perceived[_flaws.BiasIndex] += (float)(Flaw * _flaws.Bias);
        if (MissesVariable)
        {
            perceived[_flaws.HiddenIndex] = 0f;
        }

        var action = _expert.Act(perceived);
        if (ActionSpace.IsDiscrete)
        {
            return action;
        }

        Span<double> values = stackalloc double[action.Length];
        for (var i = 0; i < action.Length; i++)
        {
            values[i] = action[i];
        }

        return _noise.Continuous(values);
    }
}
