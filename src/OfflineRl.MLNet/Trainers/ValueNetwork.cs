using System.Text;
using System.Text.Json;
using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;

namespace OfflineRl.MLNet.Trainers;

/// <summary>
/// A trained value network (V(s), Q(s,a), or Q(s,·) for discrete actions): a ReLU MLP with its weights (and, for ReBRAC's
/// critics, a LayerNorm after each hidden layer), taking observations in the units the trainer saw (normalized when the
/// pipeline normalized them), and for continuous Q the action scaled to [−1, 1] appended to the observation.
/// </summary>
public sealed class ValueNetwork
{
    private readonly float[] _parameters;
    private Mlp? _mlp;

    /// <summary>Wraps trained parameters.</summary>
    public ValueNetwork(string name, int inputSize, IReadOnlyList<int> hiddenSizes, int outputSize, ReadOnlySpan<float> parameters)
        : this(name, new MlpOptions(inputSize, hiddenSizes, outputSize), parameters)
    {
    }

    internal ValueNetwork(string name, MlpOptions options, ReadOnlySpan<float> parameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        Name = name;
        Options = new MlpOptions(options.InputSize, options.HiddenSizes, options.OutputSize) { LayerNorm = options.LayerNorm };
        if (parameters.Length != Mlp.CountParameters(Options))
        {
            throw new ArgumentException($"{name}: {parameters.Length} parameters given; the network has {Mlp.CountParameters(Options)}.");
        }

        _parameters = parameters.ToArray();
    }

    /// <summary>Role of the network ("v", "q1", "q2").</summary>
    public string Name { get; }

    /// <summary>Width of an input row: the observation, with the scaled action appended for a continuous Q(s, a).</summary>
    public int InputSize => Options.InputSize;

    /// <summary>Hidden layer widths (ReLU).</summary>
    public IReadOnlyList<int> HiddenSizes => Options.HiddenSizes;

    /// <summary>A LayerNorm follows each hidden layer's linear map, before its ReLU (its scale and shift are among <see cref="Parameters"/>).</summary>
    public bool LayerNorm => Options.LayerNorm;

    /// <summary>Outputs per row: 1 for V(s) and Q(s, a), one per action for a discrete Q(s, ·).</summary>
    public int OutputSize => Options.OutputSize;

    /// <summary>Shape of the network, in the engine's terms.</summary>
    internal MlpOptions Options { get; }

    /// <summary>Trained parameters.</summary>
    public ReadOnlySpan<float> Parameters => _parameters;

    /// <summary>Evaluates <paramref name="batch"/> rows of <paramref name="input"/>; returns batch × outputs values.</summary>
    public float[] Evaluate(ReadOnlySpan<float> input, int batch)
    {
        const int chunk = 1024;
        var result = new float[batch * Options.OutputSize];
        lock (_parameters)
        {
            _mlp ??= new Mlp(Options, chunk, _parameters, new float[_parameters.Length], 0);
            for (var start = 0; start < batch; start += chunk)
            {
                var rows = Math.Min(chunk, batch - start);
                _mlp.Forward(input.Slice(start * Options.InputSize, rows * Options.InputSize), rows)
                    .CopyTo(result.AsSpan(start * Options.OutputSize));
            }
        }

        return result;
    }

    internal void Write(BinaryWriter w)
    {
        w.Write(Name);
        int[] shape = [Options.InputSize, Options.OutputSize, .. Options.HiddenSizes];

        // A plain network keeps the bare shape array, so files of networks without LayerNorm read as before.
        w.Write(Options.LayerNorm ? JsonSerializer.Serialize(new Shape(shape, true)) : JsonSerializer.Serialize(shape));
        StateIO.Write(w, _parameters);
    }

    internal static ValueNetwork Read(BinaryReader r)
    {
        var name = StateIO.ReadString(r, "a value network's name", 256);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidDataException("a value network has an empty name");
        }

        var shapeText = StateIO.ReadString(r, $"value network '{name}''s shape", 4096);
        int[] shape;
        var layerNorm = false;
        try
        {
            if (shapeText.StartsWith('{'))
            {
                var described = JsonSerializer.Deserialize<Shape>(shapeText) ?? throw new InvalidDataException($"value network '{name}' has no shape");
                (shape, layerNorm) = (described.Sizes ?? throw new InvalidDataException($"value network '{name}' has no shape"), described.LayerNorm);
            }
            else
            {
                shape = JsonSerializer.Deserialize<int[]>(shapeText) ?? throw new InvalidDataException($"value network '{name}' has no shape");
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"value network '{name}': the shape '{shapeText}' is not a JSON array of integers (or {{\"sizes\": [...], \"layerNorm\": true}})", ex);
        }

        if (shape.Length < 2 || shape.Any(d => d < 1))
        {
            throw new InvalidDataException($"value network '{name}': the shape [{string.Join(", ", shape)}] needs an input and an output size and positive sizes");
        }

        // Count in 64 bits and hold the count against the bytes left before allocating the parameters.
        long count = 0;
        var width = (long)shape[0];
        foreach (var h in shape[2..])
        {
            count += (width * h) + h + (layerNorm ? 2L * h : 0);
            width = h;
        }

        count += (width * shape[1]) + shape[1];

        var stream = r.BaseStream;
        if (count > Array.MaxLength / sizeof(float) || (stream.CanSeek && count * sizeof(float) > stream.Length - stream.Position))
        {
            throw new InvalidDataException(
                $"value network '{name}': the shape [{string.Join(", ", shape)}] needs {count} parameters ({count * sizeof(float)} bytes); {(stream.CanSeek ? stream.Length - stream.Position : 0)} bytes are left");
        }

        var options = new MlpOptions(shape[0], shape[2..], shape[1]) { LayerNorm = layerNorm };
        var parameters = new float[Mlp.CountParameters(options)];
        try
        {
            StateIO.Read(r, parameters);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"value network '{name}': {ex.Message}", ex);
        }

        return new ValueNetwork(name, options, parameters);
    }

    internal static void WriteAll(string path, IReadOnlyList<ValueNetwork> networks) => Data.AtomicFile.Write(path, s =>
    {
        using var w = new BinaryWriter(s, Encoding.UTF8, leaveOpen: true);
        w.Write(networks.Count);
        foreach (var n in networks)
        {
            n.Write(w);
        }
    });

    internal static List<ValueNetwork> ReadAll(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadAll(stream, path);
    }

    /// <summary>Reads what <see cref="WriteAll"/> wrote; <paramref name="source"/> names the file in messages.</summary>
    /// <exception cref="InvalidDataException">When the bytes are not a value-network file.</exception>
    internal static List<ValueNetwork> ReadAll(Stream stream, string source)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            var count = r.ReadInt32();
            if (count is < 0 or > MaxNetworks)
            {
                throw new InvalidDataException($"the file claims {count} value networks (0 to {MaxNetworks} are read)");
            }

            var networks = new List<ValueNetwork>(count);
            for (var i = 0; i < count; i++)
            {
                networks.Add(Read(r));
            }

            return networks;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"{source}: the file is truncated", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{source}: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"{source}: {ex.Message}", ex);
        }
    }

    /// <summary>The shape record of a network with LayerNorm: [input, output, hidden...] and the flag.</summary>
    private sealed record Shape(
        [property: System.Text.Json.Serialization.JsonPropertyName("sizes")] int[]? Sizes,
        [property: System.Text.Json.Serialization.JsonPropertyName("layerNorm")] bool LayerNorm);

    /// <summary>Most value networks a file may hold (IQL writes three).</summary>
    private const int MaxNetworks = 16;
}
