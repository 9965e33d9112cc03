using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Policies;

/// <summary>
/// The fixed maps a policy carries between environment units and network units: observation normalisation
/// <c>(raw − mean)/std</c>, and for continuous actions the affine map of [low, high] onto [−1, 1] and back.
/// Absent parts are the identity.
/// </summary>
public sealed class PolicyPreprocessing
{
    private readonly float[]? _mean;
    private readonly float[]? _std;
    private readonly float[]? _low;
    private readonly float[]? _high;

    /// <summary>Creates the maps; pass null for an identity part.</summary>
    /// <exception cref="ArgumentException">On mismatched lengths, non-finite values, std ≤ 0 or low &gt; high.</exception>
    public PolicyPreprocessing(
        IReadOnlyList<float>? observationMean = null,
        IReadOnlyList<float>? observationStd = null,
        IReadOnlyList<float>? actionLow = null,
        IReadOnlyList<float>? actionHigh = null)
    {
        if ((observationMean is null) != (observationStd is null) || (actionLow is null) != (actionHigh is null))
        {
            throw new ArgumentException("Give observation mean and std together, and action low and high together.");
        }

        if (observationMean is not null && observationStd is not null)
        {
            if (observationMean.Count != observationStd.Count)
            {
                throw new ArgumentException($"Observation mean has {observationMean.Count} values, std {observationStd.Count}.");
            }

            for (var i = 0; i < observationMean.Count; i++)
            {
                if (!float.IsFinite(observationMean[i]) || !float.IsFinite(observationStd[i]) || !(observationStd[i] > 0f))
                {
                    throw new ArgumentException($"Observation dimension {i}: mean {observationMean[i]}, std {observationStd[i]} is invalid.");
                }
            }

            _mean = observationMean.ToArray();
            _std = observationStd.ToArray();
        }

        if (actionLow is not null && actionHigh is not null)
        {
            if (actionLow.Count != actionHigh.Count)
            {
                throw new ArgumentException($"Action low has {actionLow.Count} values, high {actionHigh.Count}.");
            }

            for (var i = 0; i < actionLow.Count; i++)
            {
                if (!float.IsFinite(actionLow[i]) || !float.IsFinite(actionHigh[i]) || actionLow[i] > actionHigh[i])
                {
                    throw new ArgumentException($"Action dimension {i}: low {actionLow[i]}, high {actionHigh[i]} is invalid.");
                }
            }

            _low = actionLow.ToArray();
            _high = actionHigh.ToArray();
        }
    }

    /// <summary>The identity preprocessing.</summary>
    public static PolicyPreprocessing Identity { get; } = new();

    /// <summary>Observation means, or null.</summary>
    public IReadOnlyList<float>? ObservationMean => _mean;

    /// <summary>Observation standard deviations, or null.</summary>
    public IReadOnlyList<float>? ObservationStd => _std;

    /// <summary>Action lower bounds, or null.</summary>
    public IReadOnlyList<float>? ActionLow => _low;

    /// <summary>Action upper bounds, or null.</summary>
    public IReadOnlyList<float>? ActionHigh => _high;

    /// <summary>Builds the maps from a dataset's normalisation and (bounded, continuous) action space.</summary>
    public static PolicyPreprocessing From(ObservationNormalization? normalization, ActionSpace? actionSpace) =>
        new(
            normalization?.Mean,
            normalization?.Std,
            actionSpace is { IsDiscrete: false, IsBounded: true } ? actionSpace.Low : null,
            actionSpace is { IsDiscrete: false, IsBounded: true } ? actionSpace.High : null);

    /// <summary>Normalises <paramref name="rows"/> observations of width <paramref name="dimension"/>.</summary>
    public void NormalizeObservations(ReadOnlySpan<float> raw, Span<float> destination, int rows, int dimension)
    {
        var n = rows * dimension;
        if (_mean is null)
        {
            raw.Slice(0, n).CopyTo(destination);
            return;
        }

        CheckWidth(_mean.Length, dimension, "observation");
        for (var i = 0; i < n; i++)
        {
            var d = i % dimension;
            destination[i] = (raw[i] - _mean[d]) / _std![d];
        }
    }

    /// <summary>Maps environment actions in [low, high] to [−1, 1] (dimensions with low = high map to 0).</summary>
    public void ScaleActions(ReadOnlySpan<float> actions, Span<float> destination, int rows, int dimension)
    {
        var n = rows * dimension;
        if (_low is null)
        {
            actions.Slice(0, n).CopyTo(destination);
            return;
        }

        CheckWidth(_low.Length, dimension, "action");
        for (var i = 0; i < n; i++)
        {
            var d = i % dimension;
            var range = _high![d] - _low[d];
            destination[i] = range > 0f ? ((2f * (actions[i] - _low[d]) / range) - 1f) : 0f;
        }
    }

    /// <summary>Maps network actions in [−1, 1] back to [low, high].</summary>
    public void UnscaleActions(ReadOnlySpan<float> scaled, Span<float> destination, int rows, int dimension)
    {
        var n = rows * dimension;
        if (_low is null)
        {
            scaled.Slice(0, n).CopyTo(destination);
            return;
        }

        CheckWidth(_low.Length, dimension, "action");
        for (var i = 0; i < n; i++)
        {
            var d = i % dimension;
            destination[i] = _low[d] + ((scaled[i] + 1f) * 0.5f * (_high![d] - _low[d]));
        }
    }

    private static void CheckWidth(int have, int want, string what)
    {
        if (have != want)
        {
            throw new ArgumentException($"Preprocessing has {have} {what} dimensions; the policy has {want}.");
        }
    }
}
