namespace OfflineRl.MLNet.Environments;

/// <summary>
/// A small, fully specified random generator (xoshiro256** seeded by SplitMix64) so environment starts,
/// behavior noise and generated datasets are identical on every platform and .NET version.
/// </summary>
internal sealed class SeededRandom
{
    private readonly Nn.NnRandom _core;

    public SeededRandom(long seed) => _core = new Nn.NnRandom(unchecked((ulong)seed));

    /// <summary>Derives a seed for a sub-stream (for example episode <paramref name="index"/> of a run).</summary>
    public static long Derive(long seed, long index)
    {
        var x = unchecked((ulong)seed ^ (0x9E3779B97F4A7C15UL * (ulong)(index + 1)));
        return unchecked((long)Nn.NnRandom.SplitMix64(ref x));
    }

    public ulong NextUInt64() => _core.NextUInt64();

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => _core.NextDouble();

    /// <summary>Uniform in [low, high).</summary>
    public double NextDouble(double low, double high) => low + ((high - low) * NextDouble());

    /// <summary>Uniform integer in [0, count).</summary>
    public int NextInt(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return (int)((NextUInt64() >> 11) % (ulong)count);
    }

    /// <summary>Standard normal draw (Box–Muller, one value per call).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
