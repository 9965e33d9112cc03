using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Evaluation;

/// <summary>What the offline evaluations say to an action-chunk policy, whose h actions are a unit they do not score.</summary>
internal static class ChunkPolicies
{
    /// <summary>Throws a <see cref="NotSupportedException"/> naming <paramref name="what"/> when <paramref name="policy"/> emits chunks.</summary>
    public static void RefuseFor(IPolicy policy, string what)
    {
        if (policy.ChunkLength > 1)
        {
            throw new NotSupportedException(
                $"{what} scores one action per logged step; this policy emits chunks of {policy.ChunkLength} actions executed open-loop. " +
                "Evaluate it in an environment (evaluate-env, EnvironmentEvaluator), where its chunks run as they would deployed.");
        }
    }
}
