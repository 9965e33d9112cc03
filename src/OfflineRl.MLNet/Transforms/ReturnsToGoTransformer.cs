using System.Text.Json.Nodes;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Transforms;

/// <summary>Writes G_t = r_t + γ·G_{t+1} per episode into <see cref="ColumnNames.ReturnToGo"/>.</summary>
public sealed class ReturnsToGoTransformer : ISavableTransformer
{
    /// <summary>Kind name used in saved pipelines.</summary>
    public const string KindName = "ReturnsToGo";

    /// <summary>Creates the transformer for discount <paramref name="discount"/>.</summary>
    public ReturnsToGoTransformer(float discount)
    {
        Returns.CheckDiscount(discount);
        Discount = discount;
    }

    /// <summary>γ.</summary>
    public float Discount { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public TrajectoryDataset Transform(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.WithColumn(ColumnNames.ReturnToGo, Returns.ReturnsToGo(data, Discount));
    }

    /// <inheritdoc />
    public JsonObject SaveState() => new() { ["discount"] = Discount };

    internal static ReturnsToGoTransformer Load(JsonObject state) => new(state["discount"]!.GetValue<float>());
}
