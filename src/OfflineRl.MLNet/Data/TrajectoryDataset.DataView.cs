using Microsoft.ML;
using Microsoft.ML.Data;

namespace OfflineRl.MLNet.Data;

/// <summary>The dataset as an ML.NET <see cref="IDataView"/>: a cursor over the flat arrays, no per-row objects.</summary>
/// <remarks>
/// Columns, in order: <c>EpisodeId</c> (Int64), <c>Step</c> (Int32, from 0 within the episode), <c>Observation</c>
/// (known-size Single vector), <c>Action</c> (Int32 for discrete actions, known-size Single vector for continuous),
/// <c>Reward</c> (Single), <c>IsTerminal</c> and <c>IsTruncated</c> (Boolean), <c>NextObservation</c> when recorded, then
/// each derived per-step column (<c>ReturnToGo</c>, <c>Advantage</c>, <c>Weight</c>, …) as Single.
/// </remarks>
public sealed partial class TrajectoryDataset : IDataView
{
    private DataViewSchema? _schema;

    /// <summary>The ML.NET schema of the rows (see the class remarks).</summary>
    public DataViewSchema Schema => _schema ??= BuildSchema();

    /// <summary>False: rows are read in stored order (episodes must stay contiguous).</summary>
    bool IDataView.CanShuffle => false;

    /// <summary>The number of rows, <see cref="Count"/>.</summary>
    long? IDataView.GetRowCount() => Count;

    /// <summary>A cursor over the rows in stored order.</summary>
    DataViewRowCursor IDataView.GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand) => new Cursor(this);

    /// <summary>One cursor (the data is in memory; splitting buys nothing).</summary>
    DataViewRowCursor[] IDataView.GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand) => [new Cursor(this)];

    private DataViewSchema BuildSchema()
    {
        var b = new DataViewSchema.Builder();
        var obsType = new VectorDataViewType(NumberDataViewType.Single, ObservationDimension);
        b.AddColumn(ColumnNames.EpisodeId, NumberDataViewType.Int64);
        b.AddColumn(ColumnNames.Step, NumberDataViewType.Int32);
        b.AddColumn(ColumnNames.Observation, obsType);
        b.AddColumn(ColumnNames.Action, ActionSpace.IsDiscrete
            ? NumberDataViewType.Int32
            : new VectorDataViewType(NumberDataViewType.Single, ActionSpace.Dimension));
        b.AddColumn(ColumnNames.Reward, NumberDataViewType.Single);
        b.AddColumn(ColumnNames.IsTerminal, BooleanDataViewType.Instance);
        b.AddColumn(ColumnNames.IsTruncated, BooleanDataViewType.Instance);
        if (HasNextObservations)
        {
            b.AddColumn(ColumnNames.NextObservation, obsType);
        }

        foreach (var name in _columns.Keys)
        {
            b.AddColumn(name, NumberDataViewType.Single);
        }

        return b.ToSchema();
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly TrajectoryDataset _data;
        private readonly string[] _derived;
        private long _row = -1;
        private int _episode;

        public Cursor(TrajectoryDataset data)
        {
            _data = data;
            _derived = [.. data._columns.Keys];
        }

        public override DataViewSchema Schema => _data.Schema;

        public override long Position => _row;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_row + 1 >= _data.Count)
            {
                _row = _data.Count;
                return false;
            }

            _row++;
            while (_row >= _data._episodeOffsets[_episode + 1])
            {
                _episode++;
            }

            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_row, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var d = _data;
            Delegate getter = column.Index switch
            {
                0 => (ValueGetter<long>)((ref long v) => v = d._episodeIds[_episode]),
                1 => (ValueGetter<int>)((ref int v) => v = (int)(_row - d._episodeOffsets[_episode])),
                2 => VectorGetter(d._observations, d.ObservationDimension),
                3 when d._discreteActions is { } a => (ValueGetter<int>)((ref int v) => v = a[_row]),
                3 => VectorGetter(d._continuousActions!, d.ActionSpace.Dimension),
                4 => (ValueGetter<float>)((ref float v) => v = d._rewards[_row]),
                5 => (ValueGetter<bool>)((ref bool v) => v = d._terminals[_row]),
                6 => (ValueGetter<bool>)((ref bool v) => v = d._truncations[_row]),
                7 when d.HasNextObservations => VectorGetter(d._nextObservations!, d.ObservationDimension),
                var i => ScalarGetter(d._columns[_derived[i - (d.HasNextObservations ? 8 : 7)]]),
            };
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException(
                $"Column '{column.Name}' is {column.Type}; it cannot be read as {typeof(TValue).Name}.");
        }

        private ValueGetter<float> ScalarGetter(float[] values) => (ref float v) => v = values[_row];

        private ValueGetter<VBuffer<float>> VectorGetter(float[] values, int width) => (ref VBuffer<float> v) =>
        {
            var editor = VBufferEditor.Create(ref v, width);
            values.AsSpan((int)_row * width, width).CopyTo(editor.Values);
            v = editor.Commit();
        };
    }
}
