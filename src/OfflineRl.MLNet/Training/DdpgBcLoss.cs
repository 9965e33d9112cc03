namespace OfflineRl.MLNet.Training;

/// <summary>
/// The DDPG+BC objective a deterministic actor descends in TD3+BC, ReBRAC and IQL with DDPG+BC extraction:
/// L = −λ·mean_b Q(s, π(s)) + β·mean_b ‖π(s) − a‖², with λ = <c>qScale</c> / mean_b |Q| held constant (or λ = <c>qScale</c>).
/// </summary>
internal static class DdpgBcLoss
{
    /// <summary>
    /// Writes ∂L/∂π = (−λ·∂Q/∂a + 2β·(π − a)) / B into <paramref name="actionGradient"/> and returns L, given the actor's
    /// actions <paramref name="pi"/>, the logged <paramref name="actions"/>, Q at (s, π(s)) and its ∂Q/∂a (B × action dimension).
    /// </summary>
    public static double Gradient(
        ReadOnlySpan<float> pi, ReadOnlySpan<float> actions, ReadOnlySpan<float> q, ReadOnlySpan<float> dQda,
        float qScale, bool normalizeQ, float penalty, int batch, int actionDimension, Span<float> actionGradient)
    {
        double meanAbsQ = 0, meanQ = 0, squares = 0;
        for (var i = 0; i < batch; i++)
        {
            meanAbsQ += Math.Abs(q[i]);
            meanQ += q[i];
        }

        (meanAbsQ, meanQ) = (meanAbsQ / batch, meanQ / batch);
        var lambda = normalizeQ ? (float)(qScale / Math.Max(meanAbsQ, 1e-6)) : qScale;
        for (var i = 0; i < batch * actionDimension; i++)
        {
            var diff = pi[i] - actions[i];
            squares += diff * diff;
            actionGradient[i] = (-lambda * dQda[i] + 2f * penalty * diff) / batch;
        }

        return -lambda * meanQ + penalty * squares / batch;
    }
}
