using System.Text.Json.Nodes;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Transforms;

/// <summary>Writes each episode's return into every step's <see cref="ColumnNames.TrajectoryReturn"/>.</summary>
public sealed class TrajectoryReturnsTransformer : ISavableTransformer
{
    /// <summary>Kind name used in saved pipelines.</summary>
    public const string KindName = "TrajectoryReturns";

    /// <summary>Creates the transformer.</summary>
    /// <param name="discount">Null for the undiscounted Σ r, else γ.</param>
    public TrajectoryReturnsTransformer(float? discount)
    {
        if (discount is { } g)
        {
            Returns.CheckDiscount(g);
        }

        Discount = discount;
    }

    /// <summary>Null for undiscounted returns, else γ.</summary>
    public float? Discount { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public TrajectoryDataset Transform(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var returns = Returns.EpisodeReturns(data, Discount);
        var column = new float[data.Count];
        foreach (var ep in data.Episodes)
        {
            column.AsSpan(ep.Start, ep.Length).Fill((float)returns[ep.Index]);
        }

        return data.WithColumn(ColumnNames.TrajectoryReturn, column);
    }

    /// <inheritdoc />
    public JsonObject SaveState() => new() { ["discount"] = Discount };

    internal static TrajectoryReturnsTransformer Load(JsonObject state) => new(state["discount"]?.GetValue<float>());
}
