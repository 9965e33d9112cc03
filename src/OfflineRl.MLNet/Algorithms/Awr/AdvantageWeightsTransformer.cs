using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;
using OfflineRl.MLNet.Trainers;
using OfflineRl.MLNet.Transforms;

namespace OfflineRl.MLNet.Algorithms.Awr;

/// <summary>Adds <c>Advantage</c> = G − V(s) and <c>Weight</c> = min(exp(β·A), MaxWeight) with a fitted V.</summary>
public sealed class AdvantageWeightsTransformer : TrajectoryTransformer
{
    private readonly AwrOptions _options;

    internal AdvantageWeightsTransformer(AwrOptions options, ValueNetwork value, ObservationNormalization? normalization)
        : base(options)
    {
        AdvantageWeighting.CheckArguments(options.Weighting.InverseTemperature, options.Weighting.MaxWeight);
        _options = options;
        Value = value;
        Normalization = normalization;
    }

    /// <summary>The fitted value function V(s) (of normalized observations when <see cref="Normalization"/> is set).</summary>
    public ValueNetwork Value { get; }

    /// <summary>The observation normalization V reads through, or null.</summary>
    public ObservationNormalization? Normalization { get; }

    /// <summary>β.</summary>
    public float InverseTemperature => _options.Weighting.InverseTemperature;

    /// <summary>Weight clip.</summary>
    public float MaxWeight => _options.Weighting.MaxWeight;

    /// <summary>γ of the returns-to-go computed when the data has no <c>ReturnToGo</c> column.</summary>
    public float Discount => _options.Discount;

    internal static IEnumerable<string> Added(Func<string, bool> inputHas) =>
        inputHas(ColumnNames.ReturnToGo)
            ? [ColumnNames.Advantage, ColumnNames.Weight]
            : [ColumnNames.ReturnToGo, ColumnNames.Advantage, ColumnNames.Weight];

    private protected override IEnumerable<string> AddedColumns(Func<string, bool> inputHas) => Added(inputHas);

    private protected override TrajectoryDataset Apply(TrajectoryDataset data)
    {
        var returns = ReturnsOf(data, Discount);
        var seen = Normalization is null ? data : Normalization.Normalize(data);
        var v = Value.Evaluate(seen.Observations, data.Count);
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
