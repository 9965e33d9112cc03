using Microsoft.ML;
using Microsoft.ML.Data;
using OfflineRl.MLNet.Onnx;
using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Pipeline;

/// <summary>
/// A trained policy as a row-to-row ML.NET transformer: it reads the raw observation column and adds
/// <c>PredictedAction</c> (and, for discrete policies, <c>ActionProbabilities</c>) — names that leave the logged
/// <c>Action</c> column visible. <c>mlContext.Model.CreatePredictionEngine</c> works over it, and
/// <c>mlContext.Model.Save</c> writes it as ML.NET's <c>OnnxTransformer</c>, so the saved zip loads and scores in an
/// application that references only Microsoft.ML and Microsoft.ML.OnnxTransformer.
/// </summary>
/// <remarks>
/// Scoring runs the policy's exported ONNX graph through that same <c>OnnxTransformer</c> (ONNX Runtime), so a model
/// scores identically — same columns, types and values — before and after a save. Discrete policies add
/// <c>PredictedAction</c> as a vector of one Int64 and <c>ActionProbabilities</c> as a vector of Single (one per action);
/// continuous policies add <c>PredictedAction</c> as a vector of Single in environment units. The native policy (agreeing
/// with the graph within 1e-5), its options and metrics stay reachable from <see cref="Model"/>.
/// </remarks>
public sealed class PolicyTransformer : ITransformer
{
    private readonly MLContext _context;
    private readonly object _gate = new();
    private ITransformer? _onnx;

    internal PolicyTransformer(MLContext context, PolicyModel model, string observationColumnName)
    {
        _context = context;
        Model = model;
        ObservationColumnName = observationColumnName;
    }

    /// <summary>The trained model: the native policy, the algorithm, its options, final losses and value networks.</summary>
    public PolicyModel Model { get; }

    /// <summary>The trained policy (acts on raw observations).</summary>
    public Policy Policy => Model.Policy;

    /// <summary>The column of raw observations the policy reads.</summary>
    public string ObservationColumnName { get; }

    /// <summary>True: the policy maps each row on its own.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The policy's ONNX graph (the same bytes <see cref="PolicyOnnxExporter"/> writes for <see cref="Model"/>).</summary>
    public byte[] ToOnnx() => PolicyOnnxExporter.ToBytes(Model);

    /// <summary>The input schema with <c>PredictedAction</c> (and <c>ActionProbabilities</c>) appended.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the observation column is missing or not a Single vector of the policy's width.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckObservationColumn(inputSchema);
        return Onnx.GetOutputSchema(inputSchema);
    }

    /// <summary>Adds the policy's columns to every row of <paramref name="input"/> (lazily, as ML.NET transforms do).</summary>
    /// <remarks>Reading a row whose observation array does not hold the policy's width of values throws <see cref="ArgumentException"/> naming both.</remarks>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckObservationColumn(input.Schema);
        return Onnx.Transform(WidthCheck.Wrap(input));
    }

    /// <summary>The row mapper <c>PredictionEngine</c> uses.</summary>
    /// <remarks>Mapping a row whose observation array does not hold the policy's width of values throws <see cref="ArgumentException"/> naming both.</remarks>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckObservationColumn(inputSchema);
        return WidthCheck.Wrap(Onnx.GetRowToRowMapper(inputSchema));
    }

    /// <summary>Writes the policy as ML.NET's <c>OnnxTransformer</c> over its ONNX graph (see the class summary).</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => Onnx.Save(ctx);

    /// <summary>Refuses rows whose observation array is not the policy's width before they reach ONNX Runtime.</summary>
    private ObservationWidthCheck WidthCheck => new(ObservationColumnName, Policy.ObservationDimension);

    /// <summary>ML.NET's OnnxTransformer over the policy's graph, built on first use.</summary>
    private ITransformer Onnx
    {
        get
        {
            lock (_gate)
            {
                return _onnx ??= BuildOnnxTransformer();
            }
        }
    }

    private ITransformer BuildOnnxTransformer()
    {
        var d = Policy.ObservationDimension;
        string[] outputs = Policy.Kind != PolicyKind.Categorical
            ? [OnnxExportNames.PredictedAction]
            : [OnnxExportNames.PredictedAction, OnnxExportNames.ActionProbabilities];
        var estimator = _context.Transforms.ApplyOnnxModel(
            outputColumnNames: outputs,
            inputColumnNames: [OnnxExportNames.Observation],
            modelBytes: new MemoryStream(ToOnnx()),
            shapeDictionary: new Dictionary<string, int[]> { [OnnxExportNames.Observation] = [1, d] },
            gpuDeviceId: null,
            fallbackToCpu: false);
        var schema = SchemaDefinition.Create(typeof(ObservationRow));
        schema[0].ColumnName = ObservationColumnName;
        schema[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d);
        var empty = _context.Data.LoadFromEnumerable(Array.Empty<ObservationRow>(), schema);
        if (ObservationColumnName == OnnxExportNames.Observation)
        {
            return estimator.Fit(empty);
        }

        // The graph's input is named Observation; a copy under that name feeds it from the configured column.
        var copy = _context.Transforms.CopyColumns(OnnxExportNames.Observation, ObservationColumnName).Fit(empty);
        return new TransformerChain<ITransformer>(copy, estimator.Fit(copy.Transform(empty)));
    }

    private void CheckObservationColumn(DataViewSchema schema)
    {
        var d = Policy.ObservationDimension;
        if (schema.GetColumnOrNull(ObservationColumnName) is not { } column)
        {
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Observation role: the data has no column '{ObservationColumnName}' (columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}).");
        }

        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType n } v || n != NumberDataViewType.Single || v.Size != d)
        {
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Observation role: column '{ObservationColumnName}' is {column.Type}; the policy expects a vector of {d} Single values (Vector<Single, {d}>).");
        }
    }

    private sealed class ObservationRow
    {
        public float[] Observation = [];
    }
}
