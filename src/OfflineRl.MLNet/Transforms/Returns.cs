using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Transforms;

/// <summary>
/// Monte-Carlo returns (docs/transforms.md). Within an episode of length T the return-to-go is
/// G_t = Σ_{k=t}^{T−1} γ^{k−t} r_k, computed backwards as G_t = r_t + γ·G_{t+1} with G_T = 0.
/// Monte-Carlo returns never bootstrap, truncated episodes included. Sums run in float64.
/// </summary>
/// <remarks>Sutton &amp; Barto, Reinforcement Learning: An Introduction (2nd ed.), §3.3, eq. 3.8.</remarks>
public static class Returns
{
    /// <summary>Writes G_t for every row into <paramref name="destination"/>.</summary>
    /// <param name="rewards">Rewards, one per row.</param>
    /// <param name="episodeOffsets">Episode boundaries (length episodes + 1).</param>
    /// <param name="discount">γ in [0, 1].</param>
    /// <param name="destination">One value per row.</param>
    public static void ReturnsToGo(ReadOnlySpan<float> rewards, ReadOnlySpan<int> episodeOffsets, double discount, Span<float> destination)
    {
        CheckDiscount(discount);
        for (var e = 0; e + 1 < episodeOffsets.Length; e++)
        {
            double g = 0;
            for (var t = episodeOffsets[e + 1] - 1; t >= episodeOffsets[e]; t--)
            {
                g = rewards[t] + (discount * g);
                destination[t] = (float)g;
            }
        }
    }

    /// <summary>G_t for every row of <paramref name="data"/>.</summary>
    public static float[] ReturnsToGo(TrajectoryDataset data, double discount)
    {
        ArgumentNullException.ThrowIfNull(data);
        var g = new float[data.Count];
        ReturnsToGo(data.Rewards, data.EpisodeOffsets, discount, g);
        return g;
    }

    /// <summary>
    /// Each episode's return: undiscounted Σ r unless <paramref name="discount"/> is given, in which case
    /// the discounted return from the episode's first step.
    /// </summary>
    public static double[] EpisodeReturns(TrajectoryDataset data, double? discount = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var gamma = discount ?? 1.0;
        CheckDiscount(gamma);
        var rewards = data.Rewards;
        var offsets = data.EpisodeOffsets;
        var returns = new double[data.EpisodeCount];
        for (var e = 0; e < returns.Length; e++)
        {
            double g = 0;
            for (var t = offsets[e + 1] - 1; t >= offsets[e]; t--)
            {
                g = rewards[t] + (gamma * g);
            }

            returns[e] = g;
        }

        return returns;
    }

    internal static void CheckDiscount(double discount)
    {
        if (!(discount is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(discount), discount, "The discount γ must be in [0, 1].");
        }
    }
}
