namespace OfflineRl.MLNet.Nn;

/// <summary>
/// The engine's seeded random number generator: xoshiro256** (Blackman and Vigna, 2018) with its 256-bit state
/// expanded from a 64-bit seed by SplitMix64. Only integer arithmetic and correctly rounded IEEE operations are used
/// (Gaussians use the Marsaglia polar method with a logarithm computed here, not the platform's), so the same seed
/// yields bit-identical numbers — and so bit-identical initial weights — on every machine and runtime.
/// </summary>
/// <remarks>Not thread-safe; give each consumer its own instance (see <see cref="Fork"/>).</remarks>
internal sealed class NnRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>Creates a generator from <paramref name="seed"/>.</summary>
    public NnRandom(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public float NextUniform(float low, float high) => low + ((high - low) * NextFloat());

    /// <summary>A uniform integer in [0, <paramref name="count"/>) (Lemire's unbiased multiply-shift).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="count"/> is not positive.</exception>
    public int NextInt(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var range = (ulong)count;
        while (true)
        {
            var x = NextUInt64() >> 32;
            var product = x * range;
            var low = (uint)product;
            if (low >= (uint)range || low >= (uint)((0x1_0000_0000UL - range) % range))
            {
                return (int)(product >> 32);
            }
        }
    }

    /// <summary>A standard normal sample (Marsaglia polar method, machine-independent).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }

        double u, v, s;
        do
        {
            u = (2.0 * NextDouble()) - 1.0;
            v = (2.0 * NextDouble()) - 1.0;
            s = (u * u) + (v * v);
        }
        while (s >= 1.0 || s == 0.0);

        var factor = Math.Sqrt(-2.0 * PortableLog(s) / s);
        _spareGaussian = v * factor;
        _hasSpare = true;
        return u * factor;
    }

    /// <summary>A new generator seeded from this one's stream (for independent, reproducible sub-streams).</summary>
    public NnRandom Fork() => new(NextUInt64());

    /// <summary>Copies the full state (for checkpoints) into <paramref name="state"/>, which must hold 6 values.</summary>
    public void GetState(Span<ulong> state)
    {
        state[0] = _s0;
        state[1] = _s1;
        state[2] = _s2;
        state[3] = _s3;
        state[4] = BitConverter.DoubleToUInt64Bits(_spareGaussian);
        state[5] = _hasSpare ? 1UL : 0UL;
    }

    /// <summary>Restores a state written by <see cref="GetState"/>.</summary>
    public void SetState(ReadOnlySpan<ulong> state)
    {
        _s0 = state[0];
        _s1 = state[1];
        _s2 = state[2];
        _s3 = state[3];
        _spareGaussian = BitConverter.UInt64BitsToDouble(state[4]);
        _hasSpare = state[5] != 0;
    }

    /// <summary>
    /// Natural logarithm of a positive, finite, normal double from +, ×, ÷ only (bit-identical everywhere):
    /// ln x = e·ln 2 + 2·atanh(z), z = (m − 1)/(m + 1), with x = m·2^e and m in [√½, √2).
    /// </summary>
    internal static double PortableLog(double x)
    {
        var bits = BitConverter.DoubleToInt64Bits(x);
        var e = (int)((bits >> 52) & 0x7FF) - 1023;
        var m = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        if (m > 1.4142135623730951)
        {
            m *= 0.5;
            e++;
        }

        var z = (m - 1.0) / (m + 1.0);
        var z2 = z * z;
        var term = z;
        var sum = 0.0;
        for (var k = 1; k <= 41; k += 2)
        {
            sum += term / k;
            term *= z2;
        }

        return (e * 0.6931471805599453) + (2.0 * sum);
    }

    internal static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
