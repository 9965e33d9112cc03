using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Environments;

/// <summary>Uniformly random actions within a continuous action space's bounds, from a seeded stream.</summary>
internal sealed class UniformController : IBehaviorController
{
    private SeededRandom _random = new(0);

    public UniformController(string environmentId, ActionSpace actionSpace)
    {
        if (actionSpace.IsDiscrete)
        {
            throw new ArgumentException($"{environmentId}: uniform continuous actions need a continuous action space; got {actionSpace}.", nameof(actionSpace));
        }

        (EnvironmentId, ActionSpace) = (environmentId, actionSpace);
    }

    public string EnvironmentId { get; }

    public ActionSpace ActionSpace { get; }

    public void Reset(int seed) => _random = new SeededRandom(seed);

    public float[] Act(ReadOnlySpan<float> observation)
    {
        var action = new float[ActionSpace.Dimension];
        for (var i = 0; i < action.Length; i++)
        {
            action[i] = (float)_random.NextDouble(ActionSpace.Low![i], ActionSpace.High![i]);
        }

        return action;
    }
}
