using DuckDB.NET.Data;

namespace OfflineRl.MLNet.Tests;

/// <summary>An in-memory DuckDB (DuckDB.NET.Data.Full): the tests write Parquet with DuckDB's own COPY … TO and read back what it wrote.</summary>
internal sealed class DuckDb : IDisposable
{
    private readonly DuckDBConnection _connection = new("DataSource=:memory:");

    public DuckDb() => _connection.Open();

    public void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Every row of <paramref name="sql"/>, each as its column values (lists as <see cref="System.Collections.IList"/>).</summary>
    public List<object[]> Rows(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Column <paramref name="index"/> of every row as floats, lists flattened.</summary>
    public static float[] Floats(List<object[]> rows, int index) =>
        [.. rows.SelectMany(r => r[index] is System.Collections.IList list ? list.Cast<object>() : [r[index]]).Select(v => Convert.ToSingle(v, System.Globalization.CultureInfo.InvariantCulture))];

    public void Dispose() => _connection.Dispose();
}
