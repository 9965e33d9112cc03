using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>Collects the rows of one episode and builds an <see cref="EnvironmentEpisode"/>.</summary>
internal sealed class EpisodeRecorder
{
    private readonly string _id;
    private readonly int _observationDimension;
    private readonly ActionSpace _actionSpace;
    private readonly List<float> _observations = [];
    private readonly List<float> _nextObservations = [];
    private readonly List<float> _actions = [];
    private readonly List<float> _rewards = [];
    private readonly List<bool> _terminals = [];
    private readonly List<bool> _truncations = [];

    public EpisodeRecorder(IEnvironment environment)
    {
        _id = environment.Id;
        _observationDimension = environment.ObservationDimension;
        _actionSpace = environment.ActionSpace;
    }

    public int Length => _rewards.Count;

    /// <summary>
    /// Rolls one episode from <paramref name="observation"/>: the controller acts, the environment steps, every
    /// step is recorded. It ends when the environment says done, or — marked truncated — when
    /// <paramref name="cutAfter"/> says so after a step.
    /// </summary>
    public static EnvironmentEpisode Roll(IEnvironment environment, IBehaviorController controller, float[] observation,
        Func<EpisodeRecorder, bool>? cutAfter = null, string? tag = null)
    {
        var recorder = new EpisodeRecorder(environment);
        while (true)
        {
            var action = controller.Act(observation);
            var result = environment.Step(action);
            recorder.Add(observation, action, result);
            if (result.Done)
            {
                break;
            }

            if (cutAfter?.Invoke(recorder) == true)
            {
                recorder.TruncateLast();
                break;
            }

            observation = result.Observation;
        }

        return recorder.Build(tag);
    }

    public void Add(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, StepResult result)
    {
        _observations.AddRange(observation);
        _nextObservations.AddRange(result.Observation);
        _actions.AddRange(action);
        _rewards.Add((float)result.Reward);
        _terminals.Add(result.Terminated);
        _truncations.Add(result.Truncated);
    }

    /// <summary>Marks the last row truncated (a cut by the recipe, not by the environment).</summary>
    public void TruncateLast()
    {
        if (_rewards.Count > 0 && !_terminals[^1])
        {
            _truncations[^1] = true;
        }
    }

    public EnvironmentEpisode Build(string? tag = null) => new(
        _id,
        _observationDimension,
        _actionSpace,
        [.. _observations],
        [.. _nextObservations],
        [.. _actions],
        [.. _rewards],
        [.. _terminals],
        [.. _truncations],
        tag);
}
