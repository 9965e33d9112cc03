using Microsoft.ML;
using Microsoft.ML.Data;

namespace OfflineRl.MLNet.Pipeline;

/// <summary>A view of the rows of its source whose position is marked kept, every column passed through.</summary>
internal sealed class RowFilterDataView(IDataView source, bool[] keep) : IDataView
{
    private readonly long _count = keep.LongCount(k => k);

    public DataViewSchema Schema => source.Schema;

    public bool CanShuffle => false;

    public long? GetRowCount() => _count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(source.GetRowCursor(columnsNeeded), keep);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(DataViewRowCursor source, bool[] keep) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => source.Schema;

        public override long Position => _position;

        public override long Batch => source.Batch;

        public override bool MoveNext()
        {
            while (source.MoveNext())
            {
                if (keep[source.Position])
                {
                    _position++;
                    return true;
                }
            }

            return false;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => source.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => source.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => source.GetGetter<TValue>(column);

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
