using OfflineRl.MLNet.Algorithms.Common;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet.Algorithms.Awr;

/// <summary>Writes <c>Advantage</c> = G − V(s) and <c>Weight</c> = min(exp(β·A), MaxWeight) with a fitted V.</summary>
public sealed class AdvantageWeightsTransformer : ITrajectoryTransformer
{
    internal AdvantageWeightsTransformer(ValueNetwork value, float inverseTemperature, float maxWeight, float discount)
    {
        AdvantageWeighting.CheckArguments(inverseTemperature, maxWeight);
        Value = value;
        InverseTemperature = inverseTemperature;
        MaxWeight = maxWeight;
        Discount = discount;
    }

    /// <summary>The fitted value function V(s).</summary>
    public ValueNetwork Value { get; }

    /// <summary>β.</summary>
    public float InverseTemperature { get; }

    /// <summary>Weight clip.</summary>
    public float MaxWeight { get; }

    /// <summary>γ of the returns-to-go computed when the data has no <c>ReturnToGo</c> column.</summary>
    public float Discount { get; }

    /// <inheritdoc />
    public TrajectoryDataset Transform(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var returns = ReturnsOf(data, Discount);
        var v = Value.Evaluate(data.Observations, data.Count);
        var advantages = new float[data.Count];
        for (var i = 0; i < advantages.Length; i++)
        {
            advantages[i] = returns[i] - v[i];
        }

        var weights = new float[data.Count];
        AdvantageWeighting.Weights(advantages, InverseTemperature, MaxWeight, weights);
        var result = data.HasColumn(ColumnNames.ReturnToGo) ? data : data.WithColumn(ColumnNames.ReturnToGo, returns);
        return result.WithColumn(ColumnNames.Advantage, advantages).WithColumn(ColumnNames.Weight, weights);
    }

    internal static float[] ReturnsOf(TrajectoryDataset data, float discount) =>
        data.HasColumn(ColumnNames.ReturnToGo) ? data.GetColumn(ColumnNames.ReturnToGo).ToArray() : Returns.ReturnsToGo(data, discount);
}
