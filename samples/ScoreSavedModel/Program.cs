using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace OfflineRl.Samples.ScoreSavedModel;

/// <summary>
/// Scores a saved ML.NET model zip on the rows of a CSV file, with nothing but Microsoft.ML, Microsoft.ML.OnnxTransformer and
/// the ONNX Runtime native package. The CSV's header names the model's input columns: a scalar column by its name, element k
/// of a vector column as <c>Name[k]</c>. The model's saved input schema gives their types. Writes one CSV line per row with
/// the output column's values (default <c>PredictedAction</c>) to standard output.
/// </summary>
public static partial class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Args: model zip, observations CSV, optional output column name. Returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length is < 2 or > 3)
        {
            error.WriteLine("usage: ScoreSavedModel <model.zip> <observations.csv> [output column, default PredictedAction]");
            return 2;
        }

        var outputColumn = args.Length > 2 ? args[2] : "PredictedAction";
        var ml = new MLContext(seed: 0);
        var model = ml.Model.Load(args[0], out var inputSchema);
        var header = File.ReadLines(args[1]).First().Split(',');
        var loader = ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Columns = LoaderColumns(header, inputSchema),
            HasHeader = true,
            Separators = [','],
        });
        var scored = model.Transform(loader.Load(args[1]));

        var column = scored.Schema[outputColumn];
        output.WriteLine(outputColumn);
        var rows = column.Type switch
        {
            VectorDataViewType { ItemType: var t } when t.RawType == typeof(long) => WriteVectors<long>(scored, column, output),
            VectorDataViewType { ItemType: var t } when t.RawType == typeof(float) => WriteVectors<float>(scored, column, output),
            _ when column.Type.RawType == typeof(long) => WriteScalars<long>(scored, column, output),
            _ when column.Type.RawType == typeof(float) => WriteScalars<float>(scored, column, output),
            _ => throw new NotSupportedException($"output column '{outputColumn}' is {column.Type}; expected Int64 or Single values"),
        };
        error.WriteLine($"scored {rows} rows of {args[1]} with {args[0]}");
        return 0;
    }

    /// <summary>One loader column per input column the header mentions, typed and sized by the model's input schema.</summary>
    private static TextLoader.Column[] LoaderColumns(string[] header, DataViewSchema inputSchema)
    {
        var fields = header.Select((name, index) =>
        {
            var match = ElementName().Match(name.Trim());
            return match.Success
                ? (Name: match.Groups[1].Value, Element: int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), Index: index)
                : (Name: name.Trim(), Element: -1, Index: index);
        });
        var columns = new List<TextLoader.Column>();
        foreach (var group in fields.GroupBy(f => f.Name, StringComparer.Ordinal))
        {
            var expected = inputSchema.GetColumnOrNull(group.Key)
                ?? throw new ArgumentException($"CSV column '{group.Key}' is not an input of the model (inputs: {string.Join(", ", inputSchema.Select(c => c.Name))})");
            var itemType = expected.Type is VectorDataViewType v ? v.ItemType : expected.Type;
            if (itemType != NumberDataViewType.Single)
            {
                throw new ArgumentException($"model input '{group.Key}' is {expected.Type}; this scorer reads Single values only");
            }

            var elements = group.OrderBy(f => f.Element).ToArray();
            var size = expected.Type is VectorDataViewType vector ? vector.Size : 0;
            if (size == 0 ? elements is not [{ Element: -1 }] : !elements.Select(e => e.Element).SequenceEqual(Enumerable.Range(0, size)))
            {
                throw new ArgumentException(size == 0
                    ? $"model input '{group.Key}' is a scalar: name it once in the header"
                    : $"model input '{group.Key}' is a vector of {size}: the header needs {group.Key}[0] … {group.Key}[{size - 1}]");
            }

            columns.Add(new TextLoader.Column(group.Key, DataKind.Single, [.. elements.Select(e => new TextLoader.Range(e.Index))]));
        }

        return [.. columns];
    }

    private static int WriteVectors<T>(IDataView view, DataViewSchema.Column column, TextWriter output)
    {
        using var cursor = view.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<T>>(column);
        VBuffer<T> buffer = default;
        var rows = 0;
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            output.WriteLine(string.Join(',', buffer.DenseValues().Select(Format)));
            rows++;
        }

        return rows;
    }

    private static int WriteScalars<T>(IDataView view, DataViewSchema.Column column, TextWriter output)
    {
        using var cursor = view.GetRowCursor([column]);
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        var rows = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            output.WriteLine(Format(value));
            rows++;
        }

        return rows;
    }

    private static string Format<T>(T value) => value is float f ? f.ToString("R", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture)!;

    [GeneratedRegex(@"^(.+)\[(\d+)\]$")]
    private static partial Regex ElementName();
}
