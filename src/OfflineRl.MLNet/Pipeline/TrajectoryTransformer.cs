using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using OfflineRl.MLNet.Data;

namespace OfflineRl.MLNet.Pipeline;

/// <summary>
/// A fitted training-time step of this library (returns-to-go, trajectory returns, filtering, reward scaling,
/// advantage weights): an ML.NET <see cref="ITransformer"/> that reads whole episodes, so it is not row-to-row.
/// </summary>
/// <remarks>
/// Append it with <c>TransformerScope.Training</c> — <c>estimator.Append(step, TransformerScope.Training)</c> — so that
/// <c>model.GetModelFor(TransformerScope.Scoring)</c> leaves it out of the model that scores and is saved. Its
/// <see cref="ICanSaveModel.Save"/> throws a message that says so: ML.NET gives third-party transformers no public way to
/// write their state into a model zip, and a training-time step has nothing to do at scoring time anyway.
/// </remarks>
public abstract class TrajectoryTransformer : ITransformer
{
    // IDataViews are immutable and the step is deterministic, so a view it has transformed maps to the same output:
    // EstimatorChain.Fit transforms the data to feed the next step and TransformerChain.Transform does it again.
    private readonly ConditionalWeakTable<IDataView, IDataView> _outputs = new();

    private protected TrajectoryTransformer(TrajectoryColumnOptions columns) => Columns = columns;

    /// <summary>False: the step needs whole episodes, not one row at a time.</summary>
    public bool IsRowToRowMapper => false;

    private protected TrajectoryColumnOptions Columns { get; }

    /// <summary>The input schema with the columns this step adds (Single scalars, appended; a same-named input column is hidden).</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        foreach (var name in AddedColumns(n => inputSchema.GetColumnOrNull(n) is { IsHidden: false }))
        {
            builder.AddColumn(name, NumberDataViewType.Single);
        }

        return builder.ToSchema();
    }

    /// <summary>Applies the step: reads and validates the episodes of <paramref name="input"/> and returns them with the step's columns (or rows) applied.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return _outputs.GetValue(input, view =>
        {
            var data = TrajectoryDataReader.Read(view, Columns, SourceOf(view));
            return view is TrajectoryDataset && Columns.IsDefault ? Apply(data) : Apply(view, data);
        });
    }

    /// <summary>Always throws: the step reads whole episodes (see the class remarks).</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new InvalidOperationException(
        $"{GetType().Name} reads whole episodes and is a training-time step: append it with TransformerScope.Training and score with " +
        "model.GetModelFor(TransformerScope.Scoring).");

    /// <summary>Always throws (see the class remarks).</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException(
        $"{GetType().Name} is a training-time step and cannot be saved in an ML.NET model: append it with " +
        "estimator.Append(step, TransformerScope.Training) and save model.GetModelFor(TransformerScope.Scoring), which holds the trained policy.");

    /// <summary>The step on the library's own dataset, for trainers and tools that hold one.</summary>
    internal TrajectoryDataset ApplyTo(TrajectoryDataset data) => Apply(data);

    internal static string SourceOf(IDataView input) => input is TrajectoryDataset d ? d.Source : TrajectoryDataReader.TrajectoryTransformerSource;

    /// <summary>The names of the Single columns this step adds, given which columns the input has.</summary>
    private protected abstract IEnumerable<string> AddedColumns(Func<string, bool> inputHas);

    /// <summary>The step on the library's own dataset (the fast path).</summary>
    private protected abstract TrajectoryDataset Apply(TrajectoryDataset data);

    /// <summary>The step on any view: the input's columns passed through and the added columns appended, by row.</summary>
    private protected virtual IDataView Apply(IDataView input, TrajectoryDataset data)
    {
        var result = Apply(data);
        var added = AddedColumns(n => input.Schema.GetColumnOrNull(n) is { IsHidden: false })
            .Select(name => (name, ValuesOf(result, name)))
            .ToArray();
        var view = new AppendedColumnsDataView(input, added);
        TrajectoryDataReader.Remember(view, Columns, result);
        return view;
    }

    private protected virtual float[] ValuesOf(TrajectoryDataset result, string column) => result.GetColumn(column).ToArray();
}

/// <summary>
/// The estimator of a <see cref="TrajectoryTransformer"/>: an ML.NET <see cref="IEstimator{TTransformer}"/> that checks the
/// trajectory columns when the pipeline is built (<see cref="GetOutputSchema"/>) and reads them when fitted.
/// </summary>
/// <typeparam name="TTransformer">The fitted step.</typeparam>
public abstract class TrajectoryEstimator<TTransformer> : IEstimator<TTransformer>
    where TTransformer : TrajectoryTransformer
{
    private protected TrajectoryEstimator(TrajectoryColumnOptions columns) => Columns = columns;

    private protected TrajectoryColumnOptions Columns { get; }

    /// <summary>Reads and validates the episodes of <paramref name="input"/> and fits the step on them.</summary>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Fit(TrajectoryDataReader.Read(input, Columns, TrajectoryTransformer.SourceOf(input)));
    }

    /// <summary>
    /// The input shape with the columns this step adds. Throws <see cref="ArgumentOutOfRangeException"/> naming the role, the
    /// column and the type found when a trajectory column is missing or of a type the step cannot read.
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        TrajectoryDataReader.CheckShape(inputSchema, Columns);
        return ColumnShapes.Append(inputSchema, [.. AddedColumns(n => ColumnShapes.TryFind(inputSchema, n, out _)).Select(n => (n, (DataViewType)NumberDataViewType.Single))]);
    }

    private protected abstract TTransformer Fit(TrajectoryDataset data);

    private protected abstract IEnumerable<string> AddedColumns(Func<string, bool> inputHas);
}
