using System.Text.Json.Nodes;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Transforms;

/// <summary>
/// Normalizes observations with a fitted <see cref="ObservationNormalization"/> and records it on the dataset,
/// composed with any normalization already applied, so trainers put it inside their policies.
/// </summary>
public sealed class ObservationNormalizerTransformer : ISavableTransformer
{
    /// <summary>Kind name used in saved pipelines.</summary>
    public const string KindName = "NormalizeObservations";

    /// <summary>Creates the transformer from a fitted map.</summary>
    public ObservationNormalizerTransformer(ObservationNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        Normalization = normalization;
    }

    /// <summary>The fitted map.</summary>
    public ObservationNormalization Normalization { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public TrajectoryDataset Transform(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ObservationDimension != Normalization.Dimension)
        {
            throw new ArgumentException($"{data.Source}: observations have {data.ObservationDimension} values but the normalizer was fitted on {Normalization.Dimension}.");
        }

        var obs = Apply(data.Observations);
        var next = data.HasNextObservations ? Apply(data.NextObservations) : null;
        var composed = data.ObservationNormalization is { } earlier ? Normalization.After(earlier) : Normalization;
        return data.WithObservations(obs, next, composed);
    }

    /// <summary>Maps normalized observations back to the units they had before this transform.</summary>
    public float[] Inverse(ReadOnlySpan<float> normalized)
    {
        var d = Normalization.Dimension;
        var raw = new float[normalized.Length];
        for (var r = 0; r < normalized.Length / d; r++)
        {
            Normalization.Invert(normalized.Slice(r * d, d), raw.AsSpan(r * d, d));
        }

        return raw;
    }

    /// <inheritdoc />
    public JsonObject SaveState() => new()
    {
        ["mean"] = new JsonArray(Normalization.Mean.Select(v => (JsonNode)v).ToArray()),
        ["std"] = new JsonArray(Normalization.Std.Select(v => (JsonNode)v).ToArray()),
    };

    internal static ObservationNormalizerTransformer Load(JsonObject state) => new(new ObservationNormalization(
        state["mean"]!.AsArray().Select(n => n!.GetValue<float>()).ToArray(),
        state["std"]!.AsArray().Select(n => n!.GetValue<float>()).ToArray()));

    private float[] Apply(ReadOnlySpan<float> values)
    {
        var d = Normalization.Dimension;
        var result = new float[values.Length];
        for (var r = 0; r < values.Length / d; r++)
        {
            Normalization.Apply(values.Slice(r * d, d), result.AsSpan(r * d, d));
        }

        return result;
    }
}
