using System.Text.Json;
using System.Text;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Training;

namespace OfflineRl.MLNet.Algorithms;

/// <summary>
/// A trained value network (V(s), Q(s,a), or Q(s,·) for discrete actions): a ReLU MLP with its weights, taking
/// observations in the units the trainer saw (normalized when the pipeline normalized them), and for continuous
/// Q the action scaled to [−1, 1] appended to the observation.
/// </summary>
public sealed class ValueNetwork
{
    private readonly float[] _parameters;
    private Mlp? _mlp;

    /// <summary>Wraps trained parameters.</summary>
    public ValueNetwork(string name, int inputSize, IReadOnlyList<int> hiddenSizes, int outputSize, ReadOnlySpan<float> parameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Options = new MlpOptions(inputSize, hiddenSizes, outputSize);
        if (parameters.Length != Mlp.CountParameters(Options))
        {
            throw new ArgumentException($"{name}: {parameters.Length} parameters given; the network has {Mlp.CountParameters(Options)}.");
        }

        _parameters = parameters.ToArray();
    }

    /// <summary>Role of the network ("v", "q1", "q2").</summary>
    public string Name { get; }

    /// <summary>Shape of the network.</summary>
    public MlpOptions Options { get; }

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
        w.Write(JsonSerializer.Serialize(new[] { Options.InputSize, Options.OutputSize }.Concat(Options.HiddenSizes).ToArray()));
        StateIO.Write(w, _parameters);
    }

    internal static ValueNetwork Read(BinaryReader r)
    {
        var name = r.ReadString();
        var shape = JsonSerializer.Deserialize<int[]>(r.ReadString()) ?? throw new InvalidDataException("value network shape is missing");
        var options = new MlpOptions(shape[0], shape[2..], shape[1]);
        var parameters = new float[Mlp.CountParameters(options)];
        StateIO.Read(r, parameters);
        return new ValueNetwork(name, shape[0], shape[2..], shape[1], parameters);
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
        using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        var count = r.ReadInt32();
        return Enumerable.Range(0, count).Select(_ => Read(r)).ToList();
    }
}
