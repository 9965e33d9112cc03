namespace OfflineRl.MLNet.Data;

/// <summary>
/// Describes the actions of a dataset or environment: a finite set of <see cref="Count"/> choices, or a
/// continuous box of <see cref="Dimension"/> floats with optional per-dimension bounds.
/// </summary>
public sealed class ActionSpace : IEquatable<ActionSpace>
{
    private readonly float[]? _low;
    private readonly float[]? _high;

    private ActionSpace(ActionKind kind, int dimension, int count, float[]? low, float[]? high)
    {
        Kind = kind;
        Dimension = dimension;
        Count = count;
        _low = low;
        _high = high;
    }

    /// <summary>Discrete or continuous.</summary>
    public ActionKind Kind { get; }

    /// <summary>Width of one action vector: 1 for discrete actions (the index).</summary>
    public int Dimension { get; }

    /// <summary>Number of discrete actions; 0 for continuous spaces.</summary>
    public int Count { get; }

    /// <summary>True when this is a discrete space.</summary>
    public bool IsDiscrete => Kind == ActionKind.Discrete;

    /// <summary>Lower bounds per dimension (continuous spaces with declared or observed bounds), else null.</summary>
    public IReadOnlyList<float>? Low => _low;

    /// <summary>Upper bounds per dimension (continuous spaces with declared or observed bounds), else null.</summary>
    public IReadOnlyList<float>? High => _high;

    /// <summary>A discrete space with <paramref name="count"/> actions.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="count"/> is less than 1.</exception>
    public static ActionSpace Discrete(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return new ActionSpace(ActionKind.Discrete, 1, count, null, null);
    }

    /// <summary>A continuous space of <paramref name="dimension"/> floats, bounded when both bounds are given.</summary>
    /// <exception cref="ArgumentException">When the bounds have the wrong length, are not finite, or low &gt; high.</exception>
    public static ActionSpace Continuous(int dimension, IReadOnlyList<float>? low = null, IReadOnlyList<float>? high = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if ((low is null) != (high is null))
        {
            throw new ArgumentException("Give both low and high bounds, or neither.");
        }

        if (low is not null && high is not null)
        {
            if (low.Count != dimension || high.Count != dimension)
            {
                throw new ArgumentException($"Action bounds must have {dimension} values; got {low.Count} low and {high.Count} high.");
            }

            for (var i = 0; i < dimension; i++)
            {
                if (!float.IsFinite(low[i]) || !float.IsFinite(high[i]) || low[i] > high[i])
                {
                    throw new ArgumentException($"Action bound {i} is invalid: low {low[i]}, high {high[i]}.");
                }
            }
        }

        return new ActionSpace(ActionKind.Continuous, dimension, 0, low?.ToArray(), high?.ToArray());
    }

    /// <summary>True when a continuous space has bounds.</summary>
    public bool IsBounded => _low is not null;

    /// <inheritdoc />
    public bool Equals(ActionSpace? other) =>
        other is not null && Kind == other.Kind && Dimension == other.Dimension && Count == other.Count &&
        SequenceEqual(_low, other._low) && SequenceEqual(_high, other._high);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ActionSpace);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Dimension, Count);

    /// <inheritdoc />
    public override string ToString() => IsDiscrete
        ? $"Discrete({Count})"
        : IsBounded
            ? $"Box({Dimension}, low=[{string.Join(", ", _low!)}], high=[{string.Join(", ", _high!)}])"
            : $"Box({Dimension})";

    private static bool SequenceEqual(float[]? a, float[]? b) =>
        a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
}
