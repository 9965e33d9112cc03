using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Tests;

/// <summary>
/// A trained policy's weights, for tests that compare runs bit for bit: the deployable <see cref="Policy"/> hides them,
/// and every policy a trainer returns today is one network with a head or a greedy-Q policy (Q, and G for BCQ).
/// </summary>
internal static class PolicyWeights
{
    public static float[] Weights(this Policy policy) => policy is GreedyQPolicy greedy ? greedy.AllParameters() : ((MlpHead)policy).Parameters.ToArray();
}
