namespace OfflineRl.MLNet.Data;

/// <summary>
/// An affine map already applied to a dataset's observations: <c>normalized = (raw − Mean) / Std</c>.
/// Trainers copy it into the policy so that a trained policy acts on raw observations.
/// </summary>
public sealed class ObservationNormalization
{
    /// <summary>Creates the map. Both arrays must have the observation dimension; every std must be positive.</summary>
    /// <exception cref="ArgumentException">On a length mismatch, a non-finite value, or a std ≤ 0.</exception>
    public ObservationNormalization(IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count != std.Count)
        {
            throw new ArgumentException($"Mean has {mean.Count} values but std has {std.Count}.");
        }

        for (var i = 0; i < mean.Count; i++)
        {
            if (!float.IsFinite(mean[i]) || !float.IsFinite(std[i]) || std[i] <= 0f)
            {
                throw new ArgumentException($"Normalization dimension {i} is invalid: mean {mean[i]}, std {std[i]}.");
            }
        }

        Mean = mean.ToArray();
        Std = std.ToArray();
    }

    /// <summary>Per-dimension mean subtracted from raw observations.</summary>
    public IReadOnlyList<float> Mean { get; }

    /// <summary>Per-dimension scale dividing the centred observations.</summary>
    public IReadOnlyList<float> Std { get; }

    /// <summary>Number of observation dimensions.</summary>
    public int Dimension => Mean.Count;

    /// <summary>Normalizes one raw observation into <paramref name="destination"/>.</summary>
    public void Apply(ReadOnlySpan<float> raw, Span<float> destination)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            destination[i] = (raw[i] - Mean[i]) / Std[i];
        }
    }

    /// <summary>Maps one normalized observation back to raw units.</summary>
    public void Invert(ReadOnlySpan<float> normalized, Span<float> destination)
    {
        for (var i = 0; i < normalized.Length; i++)
        {
            destination[i] = (normalized[i] * Std[i]) + Mean[i];
        }
    }

    /// <summary>The composition "apply <paramref name="first"/>, then this map", as one affine map.</summary>
    public ObservationNormalization After(ObservationNormalization first)
    {
        ArgumentNullException.ThrowIfNull(first);
        // ((x − m1)/s1 − m2)/s2 = (x − (m1 + m2·s1)) / (s1·s2)
        var mean = new float[Dimension];
        var std = new float[Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            mean[i] = first.Mean[i] + (Mean[i] * first.Std[i]);
            std[i] = first.Std[i] * Std[i];
        }

        return new ObservationNormalization(mean, std);
    }

    /// <summary>Default ε added to the std.</summary>
    public const float DefaultEpsilon = 1e-3f;

    /// <summary>
    /// Fits per-dimension mean and population std plus ε (as in the IQL reference code) on the observations of
    /// <paramref name="data"/>.
    /// </summary>
    internal static ObservationNormalization Fit(TrajectoryDataset data, float epsilon = DefaultEpsilon)
    {
        var d = data.ObservationDimension;
        var sum = new double[d];
        var sumSq = new double[d];
        var obs = data.Observations;
        for (var i = 0; i < obs.Length; i++)
        {
            sum[i % d] += obs[i];
        }

        var n = data.Count;
        var mean = sum.Select(s => s / n).ToArray();
        for (var i = 0; i < obs.Length; i++)
        {
            var c = obs[i] - mean[i % d];
            sumSq[i % d] += c * c;
        }

        var std = sumSq.Select(s => (float)(Math.Sqrt(s / n) + epsilon)).ToArray();
        return new ObservationNormalization(mean.Select(m => (float)m).ToArray(), std);
    }

    /// <summary>
    /// <paramref name="data"/> with observations (and next observations) normalized by this map, which the dataset
    /// records (composed with any applied earlier) so trainers fold it into their policies.
    /// </summary>
    internal TrajectoryDataset Normalize(TrajectoryDataset data)
    {
        if (data.ObservationDimension != Dimension)
        {
            throw new ArgumentException($"{data.Source}: observations have {data.ObservationDimension} values but the normalizer was fitted on {Dimension}.");
        }

        var composed = data.ObservationNormalization is { } earlier ? After(earlier) : this;
        return data.WithObservations(Apply(data.Observations), data.HasNextObservations ? Apply(data.NextObservations) : null, composed);
    }

    private float[] Apply(ReadOnlySpan<float> values)
    {
        var result = new float[values.Length];
        for (var r = 0; r < values.Length / Dimension; r++)
        {
            Apply(values.Slice(r * Dimension, Dimension), result.AsSpan(r * Dimension, Dimension));
        }

        return result;
    }
}
