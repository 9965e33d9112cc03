using OfflineRl.MLNet.Data;
using OfflineRl.MLNet.Nn;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Training;

/// <summary>A component with parameters and an optimizer that <see cref="TrainingState"/> saves and reports.</summary>
internal interface ITrainable
{
    /// <summary>Name in learning-rate reports ("policy", "value", "q").</summary>
    string Name { get; }

    /// <summary>The optimizer.</summary>
    Adam Optimizer { get; }

    /// <summary>Writes the parameters (and any target copy).</summary>
    void WriteParameters(BinaryWriter writer);

    /// <summary>Reads what <see cref="WriteParameters"/> wrote.</summary>
    void ReadParameters(BinaryReader reader);
}

/// <summary>State of an algorithm other than parameters and random streams that a checkpoint must hold.</summary>
internal interface ICheckpointed
{
    /// <summary>Writes the state.</summary>
    void Write(BinaryWriter writer);

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    void Read(BinaryReader reader);
}

/// <summary>
/// What an algorithm registers so the training loop can save, resume and report it: its trainable components, the
/// random stream of its sampler, the order learning rates are reported in and the value networks a model exports.
/// A checkpoint holds every component's parameters in registration order, then every optimizer in the same order,
/// then the random stream — the format resuming relies on to continue bit-identically.
/// </summary>
internal sealed class TrainingState
{
    private readonly List<ITrainable> _components = [];
    private readonly List<ITrainable> _reportOrder = [];
    private readonly List<(string Name, TrainedNetwork Network, int Copy)> _exported = [];
    private readonly List<NnRandom> _randoms = [];
    private readonly List<ICheckpointed> _extras = [];
    private BatchSampler? _sampler;
    private ChunkSampler? _chunks;

    /// <summary>Registers <paramref name="component"/> (checkpoint order is registration order).</summary>
    public T Add<T>(T component)
        where T : ITrainable
    {
        _components.Add(component);
        return component;
    }

    /// <summary>Registers components in checkpoint order.</summary>
    public void Add(params ITrainable[] components) => _components.AddRange(components);

    /// <summary>Registers a random stream that must resume where it was.</summary>
    public void Add(NnRandom random) => _randoms.Add(random);

    /// <summary>Registers state beside networks and random streams (a running statistic) that must resume where it was; written last.</summary>
    public void Add(ICheckpointed state) => _extras.Add(state);

    /// <summary>Registers the sampler's random stream; a TD sampler's left-out transitions are then recorded with the model.</summary>
    public void Add(BatchSampler sampler)
    {
        _randoms.Add(sampler.Random);
        _sampler = sampler;
    }

    /// <summary>Registers a chunk sampler's random stream; the chunks it leaves out are then recorded with the model.</summary>
    public void Add(ChunkSampler sampler)
    {
        _randoms.Add(sampler.Random);
        _chunks = sampler;
    }

    /// <summary>What the model records about the registered components: the transitions a TD sampler or chunk sampler left out.</summary>
    public IEnumerable<(string Name, object Value)> Recorded => _chunks is { } c
        ? [("chunksCutByTruncation", c.Table.CutByTruncation), ("chunksWithoutNextObservation", c.Table.WithoutNextObservation)]
        : _sampler is { IsTemporalDifference: true } s
            ? [("excludedFromTemporalDifference", s.ExcludedFromTemporalDifference)]
            : [];

    /// <summary>Learning rates are reported in this order (default: registration order).</summary>
    public void ReportLearningRatesIn(params ITrainable[] order)
    {
        _reportOrder.Clear();
        _reportOrder.AddRange(order);
    }

    /// <summary>Exports network <paramref name="copy"/> of <paramref name="network"/> with the model as <paramref name="name"/>.</summary>
    public void Export(string name, TrainedNetwork network, int copy = 0) => _exported.Add((name, network, copy));

    /// <summary>Exports the Qs of <paramref name="critic"/> as <paramref name="name"/>1, <paramref name="name"/>2, ….</summary>
    public void Export(string name, Critic critic)
    {
        for (var h = 0; h < critic.Heads.Count; h++)
        {
            Export(name + (h + 1), critic.Network, h);
        }
    }

    public void LearningRates(Dictionary<string, double> rates)
    {
        foreach (var c in _reportOrder.Count > 0 ? _reportOrder : _components)
        {
            rates[c.Name] = c.Optimizer.LearningRate;
        }
    }

    public IReadOnlyList<ValueNetwork> ValueNetworks() =>
        [.. _exported.Select(e => new ValueNetwork(e.Name, e.Network.Shape, e.Network.Nets[e.Copy].Parameters))];

    public void Write(BinaryWriter writer)
    {
        foreach (var c in _components)
        {
            c.WriteParameters(writer);
        }

        foreach (var c in _components)
        {
            StateIO.Write(writer, c.Optimizer);
        }

        foreach (var r in _randoms)
        {
            StateIO.Write(writer, r);
        }

        foreach (var e in _extras)
        {
            e.Write(writer);
        }
    }

    public void Read(BinaryReader reader)
    {
        foreach (var c in _components)
        {
            c.ReadParameters(reader);
        }

        foreach (var c in _components)
        {
            StateIO.Read(reader, c.Optimizer);
        }

        foreach (var r in _randoms)
        {
            StateIO.Read(reader, r);
        }

        foreach (var e in _extras)
        {
            e.Read(reader);
        }
    }
}
