using Microsoft.ML;
using Microsoft.ML.Data;

namespace OfflineRl.MLNet.Pipeline;

/// <summary>
/// A view that passes every column of its source through and appends Single columns computed for each row (by row
/// position); an appended column hides a source column of the same name, as ML.NET's own transforms do.
/// </summary>
internal sealed class AppendedColumnsDataView : IDataView
{
    private readonly IDataView _source;
    private readonly float[][] _values;
    private readonly int _sourceCount;

    public AppendedColumnsDataView(IDataView source, IReadOnlyList<(string Name, float[] Values)> columns)
    {
        _source = source;
        _sourceCount = source.Schema.Count;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(source.Schema);
        foreach (var (name, _) in columns)
        {
            builder.AddColumn(name, NumberDataViewType.Single);
        }

        Schema = builder.ToSchema();
        _values = columns.Select(c => c.Values).ToArray();
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    public long? GetRowCount() => _values.Length > 0 ? _values[0].Length : _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, _source.GetRowCursor(SourceColumns(columnsNeeded)));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private IEnumerable<DataViewSchema.Column> SourceColumns(IEnumerable<DataViewSchema.Column> needed) =>
        needed.Where(c => c.Index < _sourceCount).Select(c => _source.Schema[c.Index]);

    private sealed class Cursor(AppendedColumnsDataView view, DataViewRowCursor source) : DataViewRowCursor
    {
        public override DataViewSchema Schema => view.Schema;

        public override long Position => source.Position;

        public override long Batch => source.Batch;

        public override bool MoveNext() => source.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => source.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index >= view._sourceCount || source.IsColumnActive(view._source.Schema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < view._sourceCount)
            {
                return source.GetGetter<TValue>(view._source.Schema[column.Index]);
            }

            var values = view._values[column.Index - view._sourceCount];
            ValueGetter<float> getter = (ref float v) => v = values[source.Position];
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is Single; it cannot be read as {typeof(TValue).Name}.");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                source.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
