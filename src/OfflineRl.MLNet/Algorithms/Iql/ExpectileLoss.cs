namespace OfflineRl.MLNet.Algorithms.Iql;

/// <summary>
/// The asymmetric squared loss of expectile regression: L_τ(u) = |τ − 1(u &lt; 0)|·u² with
/// u = target − prediction (for IQL's value function, u = Q(s,a) − V(s)). τ &gt; 0.5 weights under-prediction
/// more, pushing V toward the upper expectile of Q over the data's actions.
/// </summary>
/// <remarks>Kostrikov, Nair &amp; Levine 2021, "Offline RL with Implicit Q-Learning", eq. 5: https://arxiv.org/abs/2110.06169 .</remarks>
public static class ExpectileLoss
{
    /// <summary>Default τ for locomotion tasks (the paper's 0.7).</summary>
    public const float DefaultExpectile = 0.7f;

    /// <summary>L_τ(u).</summary>
    internal static double Value(double u, double tau) => Weight(u, tau) * u * u;

    /// <summary>dL_τ/du = 2·|τ − 1(u &lt; 0)|·u. The gradient w.r.t. the prediction is its negative.</summary>
    internal static double DerivativeWrtResidual(double u, double tau) => 2 * Weight(u, tau) * u;

    /// <summary>
    /// The training kernel (float32, what <see cref="IqlAlgorithm"/> runs each step): for each row u = target − prediction,
    /// writes u into <paramref name="residuals"/> and ∂/∂prediction of the batch mean, −2·|τ − 1(u &lt; 0)|·u / B, into
    /// <paramref name="predictionGradient"/>; returns mean L_τ(u).
    /// </summary>
    internal static double Batch(ReadOnlySpan<float> targets, ReadOnlySpan<float> predictions, float tau, Span<float> predictionGradient, Span<float> residuals)
    {
        var b = predictionGradient.Length;
        double loss = 0;
        for (var i = 0; i < b; i++)
        {
            var u = targets[i] - predictions[i];
            var w = u < 0 ? 1 - tau : tau;
            loss += w * u * u;
            predictionGradient[i] = -2f * w * u / b;
            residuals[i] = u;
        }

        return loss / b;
    }

    /// <summary>|τ − 1(u &lt; 0)|.</summary>
    internal static double Weight(double u, double tau) => u < 0 ? 1 - tau : tau;

    /// <summary>
    /// The exact minimizer of Σᵢ L_τ(qᵢ − v) over v: the τ-expectile of <paramref name="values"/>, solved as the
    /// fixed point v = Σ wᵢqᵢ / Σ wᵢ with wᵢ = |τ − 1(qᵢ &lt; v)| (a reference for tests and checks).
    /// </summary>
    internal static double Expectile(IReadOnlyList<double> values, double tau)
    {
        ArgumentNullException.ThrowIfNull(values);
        var v = values.Average();
        for (var iter = 0; iter < 1000; iter++)
        {
            double num = 0, den = 0;
            foreach (var q in values)
            {
                var w = Weight(q - v, tau);
                num += w * q;
                den += w;
            }

            var next = num / den;
            if (Math.Abs(next - v) < 1e-15)
            {
                return next;
            }

            v = next;
        }

        return v;
    }
}
