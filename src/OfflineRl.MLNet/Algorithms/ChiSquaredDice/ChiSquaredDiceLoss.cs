namespace OfflineRl.MLNet.Algorithms.ChiSquaredDice;

/// <summary>
/// The practical χ²-DICE objective (equations in docs/chi-squared-dice.md), with δ = r + γ·(1 − terminal)·V(s′) − V(s):
/// V minimizes L_V = mean_b max(0, 1 + δ_b/(2α))² + mean_b V(s_b)/α — or, in the initial-state form of the duality it
/// comes from, + (1 − γ)·mean over initial states V(s₀)/α — and the policy maximizes mean_b max(0, A_b)·log π(a_b|s_b)
/// with A = δ. The gradient of L_V flows into both V(s) and V(s′).
/// </summary>
/// <remarks>
/// The χ² member of the DICE family (f(x) = (x − 1)²/2, whose convex conjugate's derivative is max(0, 1 + y)):
/// Nachum &amp; Dai 2020, "Reinforcement Learning via Fenchel-Rockafellar Duality", https://arxiv.org/abs/2001.01866 ;
/// Lee et al. 2021, OptiDICE, https://arxiv.org/abs/2106.10783 .
/// </remarks>
internal static class ChiSquaredDiceLoss
{
    /// <summary>Default α (1).</summary>
    public const float DefaultRegularization = 1f;

    /// <summary>One row of L_V's first term and its data-state term, in float64: max(0, 1 + δ/(2α))² + V(s)/α (the reference the tests hold the kernel to).</summary>
    internal static double Value(double v, double nextV, double reward, double notDone, double gamma, double alpha, bool dataStateTerm)
    {
        var h = Math.Max(0, 1 + ((reward + (gamma * notDone * nextV) - v) / (2 * alpha)));
        return (h * h) + (dataStateTerm ? v / alpha : 0);
    }

    /// <summary>
    /// The training kernel (what <see cref="ChiSquaredDiceAlgorithm"/> runs each step): from V(s), V(s′) of a batch writes
    /// A = δ into <paramref name="advantages"/>, ∂L_V/∂V(s) = (−h + [data-state term])/(α·B) into
    /// <paramref name="valueGradient"/> and ∂L_V/∂V(s′) = γ·(1 − terminal)·h/(α·B) into <paramref name="nextValueGradient"/>,
    /// h = max(0, 1 + δ/(2α)); returns L_V (without the initial-state term).
    /// </summary>
    internal static double Batch(
        ReadOnlySpan<float> values, ReadOnlySpan<float> nextValues, ReadOnlySpan<float> rewards, ReadOnlySpan<float> notDone,
        float gamma, float alpha, bool dataStateTerm, Span<float> valueGradient, Span<float> nextValueGradient, Span<float> advantages)
    {
        var b = advantages.Length;
        var stateTerm = dataStateTerm ? 1f : 0f;
        double loss = 0;
        for (var i = 0; i < b; i++)
        {
            var delta = rewards[i] + (gamma * notDone[i] * nextValues[i]) - values[i];
            var h = MathF.Max(0f, 1f + (delta / (2f * alpha)));
            loss += ((double)h * h) + (stateTerm * (double)values[i] / alpha);
            advantages[i] = delta;
            valueGradient[i] = (stateTerm - h) / (alpha * b);
            nextValueGradient[i] = gamma * notDone[i] * h / (alpha * b);
        }

        return loss / b;
    }

    /// <summary>
    /// The initial-state form's second term, (1 − γ)·mean_b V(s₀,b)/α: writes its gradient (1 − γ)/(α·B₀) per row into
    /// <paramref name="gradient"/> and returns the term.
    /// </summary>
    internal static double InitialStates(ReadOnlySpan<float> initialValues, float gamma, float alpha, Span<float> gradient)
    {
        var b = gradient.Length;
        double sum = 0;
        for (var i = 0; i < b; i++)
        {
            sum += initialValues[i];
            gradient[i] = (1f - gamma) / (alpha * b);
        }

        return (1 - gamma) * sum / b / alpha;
    }

    /// <summary>The policy's weights, w = max(0, A): only the logged actions that did better than V count.</summary>
    internal static void PolicyWeights(ReadOnlySpan<float> advantages, Span<float> weights)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = MathF.Max(0f, advantages[i]);
        }
    }
}
