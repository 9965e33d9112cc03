using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Algorithms.Bcq;

/// <summary>
/// Discrete BCQ's behaviour model and constraint (Fujimoto, Conti, Ghavamzadeh &amp; Pineau 2019,
/// https://arxiv.org/abs/1910.01708, §4; equations in docs/bcq.md). G(a|s) = softmax(logits(s)) is fitted to the logged
/// actions by L_G = −(1/B)·Σ_b log G(a_b|s_b) + λ·(1/(B·n))·Σ_{b,a} logit_{b,a}²; the TD target and the greedy action
/// consider only actions with G(a|s) / max G(·|s) &gt; τ, that is logit_a − max logit &gt; ln τ
/// (<see cref="Policies.GreedyQPolicy.GreedyIndex"/>).
/// </summary>
internal static class BehaviorModel
{
    /// <summary>Default τ (0.3, the paper's).</summary>
    public const float DefaultThreshold = 0.3f;

    /// <summary>Default λ of the logit penalty (0.01, the authors' code).</summary>
    public const float DefaultLogitPenalty = 0.01f;

    /// <summary>
    /// L_G on <paramref name="logits"/> (B × n) of the logged <paramref name="actions"/>: writes ∂L_G/∂logits into
    /// <paramref name="gradient"/> and returns L_G.
    /// </summary>
    public static double Loss(ReadOnlySpan<float> logits, ReadOnlySpan<int> actions, int n, float logitPenalty, Span<float> gradient)
    {
        var batch = actions.Length;
        double loss = CategoricalLogLikelihood.NegativeLogLikelihood(logits, actions, batch, n, gradient);
        var scale = 2f * logitPenalty / (batch * n);
        double squares = 0;
        for (var i = 0; i < batch * n; i++)
        {
            squares += (double)logits[i] * logits[i];
            gradient[i] += scale * logits[i];
        }

        return loss + (logitPenalty * squares / (batch * n));
    }
}
