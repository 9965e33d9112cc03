using Microsoft.ML;
using Microsoft.ML.Data;

namespace OfflineRl.MLNet.Tests;

/// <summary>Reads a column of an <see cref="IDataView"/> as text, for comparing pipelines' outputs row by row.</summary>
internal static class DataViewRows
{
    /// <summary>Every value of <paramref name="column"/>, as text, row by row.</summary>
    public static List<string> Rows(IDataView view, string column)
    {
        var c = view.Schema[column];
        var values = new List<string>();
        using var cursor = view.GetRowCursor([c]);
        Func<string> read = c.Type switch
        {
            VectorDataViewType { ItemType: var t } when t.RawType == typeof(float) => VectorReader<float>(cursor, c),
            VectorDataViewType { ItemType: var t } when t.RawType == typeof(long) => VectorReader<long>(cursor, c),
            _ when c.Type.RawType == typeof(float) => ScalarReader<float>(cursor, c),
            _ => ScalarReader<bool>(cursor, c),
        };
        while (cursor.MoveNext())
        {
            values.Add(read());
        }

        return values;
    }

    private static Func<string> VectorReader<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<VBuffer<T>>(column);
        VBuffer<T> buffer = default;
        return () =>
        {
            getter(ref buffer);
            return string.Join(",", buffer.DenseValues());
        };
    }

    private static Func<string> ScalarReader<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return value!.ToString()!;
        };
    }
}
