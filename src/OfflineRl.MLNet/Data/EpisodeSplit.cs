using System.Globalization;

namespace OfflineRl.MLNet.Data;

/// <summary>
/// Holds out a fraction of a dataset's episodes for validation: whole episodes, never single rows, so no step of a
/// held-out episode (nor its neighbour, which shares most of its state) is trained on. Which episodes is a seeded
/// shuffle of their positions: the same data, fraction and seed give the same split on every machine.
/// </summary>
internal static class EpisodeSplit
{
    /// <summary>
    /// How many of <paramref name="episodeCount"/> episodes <paramref name="fraction"/> holds out: fraction·N rounded to
    /// the nearest whole episode (halves away from zero).
    /// </summary>
    public static int HeldOutCount(int episodeCount, double fraction) =>
        (int)Math.Round(fraction * episodeCount, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The positions of the held-out episodes, ascending.
    /// </summary>
    /// <exception cref="ArgumentException">When the fraction is outside (0, 1), or it leaves no training or no validation episode.</exception>
    public static int[] HeldOutEpisodes(int episodeCount, double fraction, int seed, string source)
    {
        if (!(fraction is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, $"{source}: the validation fraction must be in (0, 1) to hold episodes out (got {Format(fraction)}).");
        }

        var held = HeldOutCount(episodeCount, fraction);
        if (held == 0)
        {
            throw new ArgumentException(
                $"{source}: a validation fraction of {Format(fraction)} of {episodeCount} episodes holds out none (it rounds to 0 episodes); " +
                $"use at least {Format(Math.Ceiling(1000.0 / episodeCount) / 1000)} (one episode), or 0 to hold out nothing.");
        }

        if (held == episodeCount)
        {
            throw new ArgumentException(
                $"{source}: a validation fraction of {Format(fraction)} of {episodeCount} episodes holds out all {episodeCount}, leaving no training episode; " +
                (episodeCount > 1 ? $"use at most {Format(Math.Floor(1000.0 * (episodeCount - 1) / episodeCount) / 1000)} (all but one episode)." : "one episode cannot be split: hold out nothing (0)."));
        }

        // Fisher–Yates over the positions with a SplitMix64 stream of its own (not System.Random, whose seeded
        // sequence is not promised across runtimes); the first `held` positions are held out.
        var order = new int[episodeCount];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var state = (ulong)(uint)seed ^ 0x9E3779B97F4A7C15UL;
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = (int)(Next(ref state) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        var heldOut = order[..held];
        Array.Sort(heldOut);
        return heldOut;
    }

    /// <summary>
    /// <paramref name="data"/> split into its training episodes and its held-out ones, each in the data's episode order.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="HeldOutEpisodes"/>.</exception>
    public static (TrajectoryDataset Training, TrajectoryDataset Validation) Split(TrajectoryDataset data, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        var heldOut = HeldOutEpisodes(data.EpisodeCount, fraction, seed, data.Source);
        var isHeld = new bool[data.EpisodeCount];
        foreach (var e in heldOut)
        {
            isHeld[e] = true;
        }

        var training = Enumerable.Range(0, data.EpisodeCount).Where(e => !isHeld[e]).ToArray();
        return (data.SelectEpisodes(training), data.SelectEpisodes(heldOut));
    }

    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
