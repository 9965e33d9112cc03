using System.Text.Json.Nodes;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Transforms;

/// <summary>Applies r' = r·<see cref="Scale"/> + <see cref="Shift"/>.</summary>
public sealed class RewardScalingTransformer : ISavableTransformer
{
    /// <summary>Kind name used in saved pipelines.</summary>
    public const string KindName = "ScaleRewards";

    /// <summary>Creates the transformer.</summary>
    public RewardScalingTransformer(float scale, float shift)
    {
        Scale = scale;
        Shift = shift;
    }

    /// <summary>Multiplier.</summary>
    public float Scale { get; }

    /// <summary>Added after scaling.</summary>
    public float Shift { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public TrajectoryDataset Transform(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var rewards = data.Rewards;
        var scaled = new float[rewards.Length];
        for (var i = 0; i < scaled.Length; i++)
        {
            scaled[i] = (rewards[i] * Scale) + Shift;
        }

        return data.WithRewards(scaled);
    }

    /// <inheritdoc />
    public JsonObject SaveState() => new() { ["scale"] = Scale, ["shift"] = Shift };

    internal static RewardScalingTransformer Load(JsonObject state) =>
        new(state["scale"]!.GetValue<float>(), state["shift"]!.GetValue<float>());
}
