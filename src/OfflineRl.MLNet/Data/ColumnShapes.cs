using Microsoft.ML;
using Microsoft.ML.Data;

namespace OfflineRl.MLNet.Data;

/// <summary>
/// <see cref="SchemaShape.Column"/>s for the columns this library adds. Their constructor is internal to ML.NET, so the
/// public route is to ask a throw-away <c>CustomMapping</c> estimator, whose output schema is given by a
/// <see cref="SchemaDefinition"/>, for the shape of a column of the wanted name and type.
/// </summary>
internal static class ColumnShapes
{
    private static readonly MLContext Context = new(0);

    /// <summary><paramref name="input"/> with <paramref name="added"/> appended (an added column replaces one of the same name).</summary>
    public static SchemaShape Append(SchemaShape input, params (string Name, DataViewType Type)[] added)
    {
        var columns = input.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var (name, type) in added)
        {
            columns.Remove(name);
            columns[name] = Of(name, type);
        }

        return new SchemaShape(columns.Values);
    }

    /// <summary>Finds the column named <paramref name="name"/> in <paramref name="shape"/>.</summary>
    public static bool TryFind(SchemaShape shape, string name, out SchemaShape.Column column)
    {
        foreach (var c in shape)
        {
            if (c.Name == name)
            {
                column = c;
                return true;
            }
        }

        column = default;
        return false;
    }

    /// <summary>The shape of a column named <paramref name="name"/> of <paramref name="type"/>.</summary>
    public static SchemaShape.Column Of(string name, DataViewType type)
    {
        var raw = type is VectorDataViewType v ? v.ItemType.RawType : type.RawType;
        var holder = type is VectorDataViewType
            ? raw == typeof(float) ? typeof(SingleVector) : raw == typeof(long) ? typeof(Int64Vector) : null
            : raw == typeof(float) ? typeof(SingleScalar) : raw == typeof(int) ? typeof(Int32Scalar) : raw == typeof(bool) ? typeof(BooleanScalar) : raw == typeof(long) ? typeof(Int64Scalar) : null;
        if (holder is null)
        {
            throw new NotSupportedException($"No column shape for {type}.");
        }

        var output = SchemaDefinition.Create(holder);
        output[0].ColumnName = name;
        output[0].ColumnType = type;
        var input = SchemaDefinition.Create(typeof(NoColumns));
        SchemaShape shape = holder.Name switch
        {
            nameof(SingleVector) => Shape<SingleVector>(input, output),
            nameof(Int64Vector) => Shape<Int64Vector>(input, output),
            nameof(SingleScalar) => Shape<SingleScalar>(input, output),
            nameof(Int32Scalar) => Shape<Int32Scalar>(input, output),
            nameof(BooleanScalar) => Shape<BooleanScalar>(input, output),
            _ => Shape<Int64Scalar>(input, output),
        };
        return shape.Single(c => c.Name == name);
    }

    private static SchemaShape Shape<T>(SchemaDefinition input, SchemaDefinition output)
        where T : class, new() =>
        Context.Transforms.CustomMapping<NoColumns, T>(static (_, _) => { }, contractName: null, input, output)
            .GetOutputSchema(new SchemaShape([]));

    private sealed class NoColumns
    {
    }

#pragma warning disable CS0649 // assigned by ML.NET through the schema definition
    private sealed class SingleVector
    {
        public float[] Value = [];
    }

    private sealed class Int64Vector
    {
        public long[] Value = [];
    }

    private sealed class SingleScalar
    {
        public float Value;
    }

    private sealed class Int32Scalar
    {
        public int Value;
    }

    private sealed class Int64Scalar
    {
        public long Value;
    }

    private sealed class BooleanScalar
    {
        public bool Value;
    }
#pragma warning restore CS0649
}
