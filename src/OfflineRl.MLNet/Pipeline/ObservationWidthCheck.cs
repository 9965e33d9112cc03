using Microsoft.ML;
using Microsoft.ML.Data;

namespace OfflineRl.MLNet.Pipeline;

/// <summary>
/// Checks every observation a policy transformer scores. ML.NET takes a row's array as it is, whatever its
/// <c>[VectorType(n)]</c> says, so a short row would reach ONNX Runtime and come back in its words ("Length of memory
/// (3) must match product of dimensions (4)"); this answers in the policy's terms first.
/// </summary>
internal sealed class ObservationWidthCheck(string columnName, int width)
{
    /// <summary>The mapper <paramref name="inner"/> with its input rows checked.</summary>
    public IRowToRowMapper Wrap(IRowToRowMapper inner) => new Mapper(inner, this);

    /// <summary>The view <paramref name="input"/> with its rows checked as they are read.</summary>
    public IDataView Wrap(IDataView input) => new View(input, this);

    private ValueGetter<TValue> Checked<TValue>(DataViewRowCursor? cursor, DataViewSchema.Column column, ValueGetter<TValue> getter)
    {
        if (column.Name != columnName || getter is not ValueGetter<VBuffer<float>> vector)
        {
            return getter;
        }

        ValueGetter<VBuffer<float>> check = (ref VBuffer<float> value) =>
        {
            vector(ref value);
            if (value.Length != width)
            {
                // A cursor's position names the row; PredictionEngine's single row has none worth naming.
                var where = cursor is null ? "" : $"row {cursor.Position + 1} of ";
                throw new ArgumentException(
                    $"Observation role: {where}column '{columnName}' holds {value.Length} values; the policy expects {width} observation values. " +
                    $"The column is declared Vector<Single, {width}> ([VectorType({width})]), but ML.NET passes each row's array as it is: give every row exactly {width} values.");
            }
        };
        return (ValueGetter<TValue>)(Delegate)check;
    }

    private sealed class Row(DataViewRow input, ObservationWidthCheck check) : DataViewRow
    {
        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override DataViewSchema Schema => input.Schema;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => check.Checked(null, column, input.GetGetter<TValue>(column));

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => input.IsColumnActive(column);
    }

    private sealed class Mapper(IRowToRowMapper inner, ObservationWidthCheck check) : IRowToRowMapper
    {
        public DataViewSchema InputSchema => inner.InputSchema;

        public DataViewSchema OutputSchema => inner.OutputSchema;

        public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) => inner.GetDependencies(dependingColumns);

        public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) => inner.GetRow(new Row(input, check), activeColumns);
    }

    private sealed class View(IDataView input, ObservationWidthCheck check) : IDataView
    {
        public DataViewSchema Schema => input.Schema;

        public bool CanShuffle => input.CanShuffle;

        public long? GetRowCount() => input.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
            new Cursor(input.GetRowCursor(columnsNeeded, rand), check);

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            [.. input.GetRowCursorSet(columnsNeeded, n, rand).Select(c => (DataViewRowCursor)new Cursor(c, check))];
    }

    private sealed class Cursor(DataViewRowCursor input, ObservationWidthCheck check) : DataViewRowCursor
    {
        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override DataViewSchema Schema => input.Schema;

        public override bool MoveNext() => input.MoveNext();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => check.Checked(input, column, input.GetGetter<TValue>(column));

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => input.IsColumnActive(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                input.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
