using OfflineRl.MLNet.Policies;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// Q-learning with one output per discrete action, as discrete CQL and discrete BCQ run it: the double-Q target (van
/// Hasselt, Guez &amp; Silver 2016, https://arxiv.org/abs/1509.06461) — the online network picks the next action, the
/// target network values it — optionally restricted to the actions a behaviour model allows, and the TD regression of
/// the logged action's value.
/// </summary>
internal static class DiscreteQLearning
{
    /// <summary>
    /// y_b = r_b + γ·(1 − done_b)·Q̄(s′_b, a′_b), a′_b = argmax over allowed a of Q(s′_b, a) (first on ties). With
    /// <paramref name="nextBehaviorLogits"/> an action is allowed when logit − max logit &gt; <paramref name="logThreshold"/>
    /// (<see cref="GreedyQPolicy.GreedyIndex"/>, the deployed policy's own rule); without, every action is.
    /// </summary>
    public static void DoubleQTargets(
        ReadOnlySpan<float> nextOnline,
        ReadOnlySpan<float> nextTarget,
        ReadOnlySpan<float> nextBehaviorLogits,
        float logThreshold,
        ReadOnlySpan<float> rewards,
        ReadOnlySpan<float> notDone,
        float discount,
        int actions,
        Span<float> targets)
    {
        for (var b = 0; b < targets.Length; b++)
        {
            var row = nextOnline.Slice(b * actions, actions);
            var logits = nextBehaviorLogits.IsEmpty ? default : nextBehaviorLogits.Slice(b * actions, actions);
            var next = GreedyQPolicy.GreedyIndex(row, logits, logThreshold);
            targets[b] = rewards[b] + (discount * notDone[b] * nextTarget[(b * actions) + next]);
        }
    }

    /// <summary>
    /// L = (1/B)·Σ_b ½·(Q(s_b, a_b) − y_b)²: writes ∂L/∂Q (B × n, zero off the logged actions) into
    /// <paramref name="gradient"/> and returns L.
    /// </summary>
    public static double TemporalDifference(ReadOnlySpan<float> q, ReadOnlySpan<int> actions, ReadOnlySpan<float> targets, int n, Span<float> gradient)
    {
        var batch = targets.Length;
        gradient.Slice(0, batch * n).Clear();
        double loss = 0;
        for (var b = 0; b < batch; b++)
        {
            var at = (b * n) + actions[b];
            var diff = q[at] - targets[b];
            loss += 0.5 * diff * diff;
            gradient[at] = diff / batch;
        }

        return loss / batch;
    }

    /// <summary>The largest |Q(s_b, a_b)| of the batch's logged actions.</summary>
    public static float LargestLoggedValue(ReadOnlySpan<float> q, ReadOnlySpan<int> actions, int n)
    {
        var largest = 0f;
        for (var b = 0; b < actions.Length; b++)
        {
            largest = MathF.Max(largest, MathF.Abs(q[(b * n) + actions[b]]));
        }

        return largest;
    }
}
