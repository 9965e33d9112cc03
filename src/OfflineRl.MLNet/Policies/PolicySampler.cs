using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Policies;

/// <summary>
/// Draws random actions from a policy's distribution with a random stream of its own, so a seed reproduces the draws:
/// a Gaussian policy's μ + σ·ε clipped to the action bounds, a categorical policy's index drawn from π(·|s), a
/// deterministic policy's action.
/// </summary>
/// <remarks>Uses the policy's scratch buffers: one sampler and its policy from one thread at a time.</remarks>
public sealed class PolicySampler
{
    // The engine's generator, not System.Random: the same stream the library's own sampling draws from.
    private readonly NnRandom _random;

    /// <summary>A sampler of <paramref name="policy"/> whose draws follow from <paramref name="seed"/>.</summary>
    /// <param name="policy">The policy to draw from.</param>
    /// <param name="seed">Seeds the random stream: the same seed, policy and observations give the same actions.</param>
    public PolicySampler(Policy policy, int seed)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
        _random = new NnRandom((ulong)seed);
    }

    /// <summary>The policy drawn from.</summary>
    public Policy Policy { get; }

    /// <summary>Draws one environment-unit action for one raw observation into <paramref name="action"/>.</summary>
    /// <param name="observation">A raw observation of <see cref="IPolicy.ObservationDimension"/> values.</param>
    /// <param name="action">Receives <see cref="IPolicy.ActionDimension"/> values (the index, for a discrete policy).</param>
    public void Sample(ReadOnlySpan<float> observation, Span<float> action) => Policy.Sample(observation, action, _random);
}
