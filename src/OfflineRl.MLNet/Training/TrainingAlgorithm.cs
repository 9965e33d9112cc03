using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Training;

/// <summary>
/// The base of every algorithm: its name, loss names and the <see cref="TrainingState"/> from which checkpoints,
/// learning-rate reports and exported value networks follow. An algorithm adds its components to <see cref="State"/>
/// and implements <see cref="Step"/>.
/// </summary>
internal abstract class TrainingAlgorithm : ITrainingAlgorithm
{
    private protected TrainingAlgorithm(string name, params string[] lossNames)
    {
        Name = name;
        LossNames = lossNames;
    }

    public string Name { get; }

    public IReadOnlyList<string> LossNames { get; }

    public abstract Policy Policy { get; }

    /// <summary>What the model records about this run beside the options (after the seed).</summary>
    public virtual IEnumerable<(string Name, object Value)> Recorded => State.Recorded;

    /// <summary>The registered components.</summary>
    private protected TrainingState State { get; } = new();

    public abstract void Step(int step, Span<double> losses);

    public void LearningRates(Dictionary<string, double> rates) => State.LearningRates(rates);

    public IReadOnlyList<ValueNetwork> ValueNetworks() => State.ValueNetworks();

    public void WriteState(BinaryWriter writer) => State.Write(writer);

    public string? TakeDiagnosis() => Watch?.Take();

    /// <summary>The algorithm's watch on its critic, or null.</summary>
    private protected virtual DivergenceWatch? Watch => null;

    public void ReadState(BinaryReader reader) => State.Read(reader);
}
