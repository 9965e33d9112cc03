using System.Text.Json.Nodes;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Pipeline;

namespace OfflineRl.MLNet.Transforms;

/// <summary>
/// Applies the filtering rule to the data it is given (so the rule, not a list of ids, carries over to new data),
/// and records which episodes it kept when fitted.
/// </summary>
public sealed class FilterTrajectoriesTransformer : ISavableTransformer
{
    /// <summary>Kind name used in saved pipelines.</summary>
    public const string KindName = "FilterTrajectories";

    internal FilterTrajectoriesTransformer(FilterCriterion criterion, double value, float? discount, IReadOnlyList<long> keptAtFit)
    {
        TrajectoryFilter.CheckValue(criterion, value);
        Criterion = criterion;
        Value = value;
        Discount = discount;
        KeptEpisodeIdsAtFit = keptAtFit;
    }

    /// <summary>The rule.</summary>
    public FilterCriterion Criterion { get; }

    /// <summary>The rule's parameter.</summary>
    public double Value { get; }

    /// <summary>Null for undiscounted ranking, else γ.</summary>
    public float? Discount { get; }

    /// <summary>Ids of the episodes kept from the data the filter was fitted on.</summary>
    public IReadOnlyList<long> KeptEpisodeIdsAtFit { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public TrajectoryDataset Transform(TrajectoryDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return TrajectoryFilter.Apply(data, Criterion, Value, Discount, out _);
    }

    /// <inheritdoc />
    public JsonObject SaveState() => new()
    {
        ["criterion"] = Criterion.ToString(),
        ["value"] = Value,
        ["discount"] = Discount,
        ["keptEpisodeIdsAtFit"] = new JsonArray(KeptEpisodeIdsAtFit.Select(id => (JsonNode)id).ToArray()),
    };

    internal static FilterTrajectoriesTransformer Load(JsonObject state) => new(
        Enum.Parse<FilterCriterion>(state["criterion"]!.GetValue<string>()),
        state["value"]!.GetValue<double>(),
        state["discount"]?.GetValue<float>(),
        state["keptEpisodeIdsAtFit"]!.AsArray().Select(n => n!.GetValue<long>()).ToArray());
}
