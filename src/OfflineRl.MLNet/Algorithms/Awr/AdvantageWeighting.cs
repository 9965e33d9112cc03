namespace OfflineRl.MLNet.Algorithms.Awr;

/// <summary>
/// Advantage-weighted regression weights: w = min(exp(β·A), MaxWeight) with β the inverse
/// temperature. The AWR paper writes exp(A/α) with temperature α = 1/β; α → ∞ (β → 0) is plain behavior cloning.
/// </summary>
/// <remarks>
/// Peng et al. 2019, "Advantage-Weighted Regression", eq. 7: https://arxiv.org/abs/1910.00177 .
/// IQL uses the same form for policy extraction (Kostrikov et al. 2021, eq. 7: https://arxiv.org/abs/2110.06169).
/// </remarks>
public static class AdvantageWeighting
{
    /// <summary>Default β (IQL's locomotion setting).</summary>
    public const float DefaultInverseTemperature = 3f;

    /// <summary>Default clip on the weight.</summary>
    public const float DefaultMaxWeight = 100f;

    /// <summary>w = min(exp(β·A), maxWeight), computed in float64 and stored as float32.</summary>
    public static float Weight(double advantage, double inverseTemperature, double maxWeight) =>
        (float)Math.Min(Math.Exp(inverseTemperature * advantage), maxWeight);

    /// <summary>Writes the weight of every advantage into <paramref name="weights"/>.</summary>
    public static void Weights(ReadOnlySpan<float> advantages, float inverseTemperature, float maxWeight, Span<float> weights)
    {
        CheckArguments(inverseTemperature, maxWeight);
        for (var i = 0; i < advantages.Length; i++)
        {
            weights[i] = Weight(advantages[i], inverseTemperature, maxWeight);
        }
    }

    /// <summary>
    /// The per-step kernel of actor-critic methods (IQL, AWAC): the same weights in float32,
    /// w = min(expf(β·A), maxWeight), for each advantage of a batch. (<see cref="Weights"/> evaluates exp in float64,
    /// once per dataset row.)
    /// </summary>
    internal static void BatchWeights(ReadOnlySpan<float> advantages, float inverseTemperature, float maxWeight, Span<float> weights)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = MathF.Min(MathF.Exp(inverseTemperature * advantages[i]), maxWeight);
        }
    }

    /// <summary>
    /// Reward-weighted regression's weights (Peters &amp; Schaal 2007, https://doi.org/10.1145/1273496.1273590): the
    /// Monte-Carlo return-to-go itself, exp(β·G), with no baseline. Written as w = min(exp(β·(G − max G)), maxWeight):
    /// the constant factor exp(−β·max G) keeps every weight in (0, 1] without changing which policy maximizes the
    /// weighted likelihood, so the clip never binds.
    /// </summary>
    internal static void ReturnWeights(ReadOnlySpan<float> returns, float inverseTemperature, float maxWeight, Span<float> weights)
    {
        CheckArguments(inverseTemperature, maxWeight);
        var best = float.NegativeInfinity;
        foreach (var g in returns)
        {
            best = MathF.Max(best, g);
        }

        for (var i = 0; i < returns.Length; i++)
        {
            weights[i] = Weight((double)returns[i] - best, inverseTemperature, maxWeight);
        }
    }

    /// <summary>
    /// MARWIL's weights (Wang et al. 2018, https://papers.nips.cc/paper/7866): the advantage divided by a running
    /// scale c (<see cref="AdvantageScale"/>), w = min(expf(β·A/c), maxWeight). β = 0 gives w = 1 exactly: behavior cloning.
    /// </summary>
    internal static void ScaledBatchWeights(ReadOnlySpan<float> advantages, float inverseTemperature, float scale, float maxWeight, Span<float> weights)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = MathF.Min(MathF.Exp(inverseTemperature * (advantages[i] / scale)), maxWeight);
        }
    }

    internal static void CheckArguments(float inverseTemperature, float maxWeight)
    {
        if (!(inverseTemperature >= 0) || !float.IsFinite(inverseTemperature))
        {
            throw new ArgumentOutOfRangeException(nameof(inverseTemperature), inverseTemperature, "β must be finite and ≥ 0.");
        }

        if (!(maxWeight > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxWeight), maxWeight, "The maximum weight must be > 0.");
        }
    }
}
