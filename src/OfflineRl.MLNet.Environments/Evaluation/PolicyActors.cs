using OfflineRl.MLNet.Environments;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>Adapts the library's policies to the <c>observation → action</c> functions <see cref="PolicyEvaluator"/> runs.</summary>
public static class PolicyActors
{
    /// <summary>
    /// Greedy actions of a trained policy (it acts on raw observations; discrete actions come back as the index); an
    /// action-chunk policy answers its whole chunk, which <see cref="PolicyEvaluator"/> executes open-loop.
    /// </summary>
    /// <param name="policy">The policy.</param>
    public static Func<float[], float[]> From(IPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new PolicyActor(policy.ObservationDimension, observation =>
        {
            var action = new float[policy.ChunkLength * policy.ActionDimension];
            policy.Act(observation, action);
            return action;
        }).Act;
    }

    /// <summary>Greedy actions of an exported ONNX policy (an action-chunk model answers its whole chunk).</summary>
    /// <param name="policy">The ONNX policy; the caller keeps ownership and disposes it after evaluating.</param>
    public static Func<float[], float[]> From(OnnxPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new PolicyActor(policy.ObservationSize, observation => policy.Act(observation)).Act;
    }

    /// <summary>The scripted behavior controller of <paramref name="environmentId"/> at <paramref name="level"/> (classic control only).</summary>
    /// <param name="environmentId">A classic-control environment id.</param>
    /// <param name="level">The behavior level.</param>
    /// <param name="seed">Seeds the controller's noise.</param>
    public static Func<float[], float[]> Scripted(string environmentId, BehaviorLevel level = BehaviorLevel.Expert, int seed = 0)
    {
        var id = EnvironmentCatalog.Canonical(environmentId);
        var controller = BehaviorControllers.Create(id, level);
        controller.Reset(seed);
        return observation => controller.Act(observation);
    }
}

/// <summary>
/// The target of the functions <see cref="PolicyActors"/> makes: it carries the policy's observation width, so
/// <see cref="PolicyEvaluator"/> can refuse an environment of another width in the policy's terms before the first step.
/// </summary>
internal sealed class PolicyActor(int observationDimension, Func<float[], float[]> act)
{
    public int ObservationDimension { get; } = observationDimension;

    public float[] Act(float[] observation) => act(observation);
}
