using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Environments;

/// <summary>A trained policy as a behaviour controller: actions drawn from its distribution (a seeded
/// <see cref="PolicySampler"/>), as D4RL logged its SAC policies, or its greedy action.</summary>
internal sealed class PolicyController : IBehaviorController
{
    private readonly Policy _policy;
    private readonly bool _sample;
    private PolicySampler _sampler;

    public PolicyController(IEnvironment environment, Policy policy, bool sample)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.ObservationDimension != environment.ObservationDimension || policy.ActionDimension != environment.ActionSpace.Dimension)
        {
            throw new ArgumentException(
                $"The policy maps {policy.ObservationDimension} observations to {policy.ActionDimension} actions; {environment.Id} has " +
                $"{environment.ObservationDimension} and {environment.ActionSpace.Dimension}.", nameof(policy));
        }

        (EnvironmentId, ActionSpace, _policy, _sample) = (environment.Id, environment.ActionSpace, policy, sample);
        _sampler = new PolicySampler(policy, 0);
    }

    public string EnvironmentId { get; }

    public ActionSpace ActionSpace { get; }

    public void Reset(int seed) => _sampler = new PolicySampler(_policy, seed);

    public float[] Act(ReadOnlySpan<float> observation)
    {
        var action = new float[ActionSpace.Dimension];
        if (_sample)
        {
            _sampler.Sample(observation, action);
        }
        else
        {
            _policy.Act(observation, action);
        }

        return action;
    }
}
