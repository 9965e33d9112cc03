using OfflineRl.MLNet.Policies;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Training;

/// <summary>One algorithm's update step and state, driven by <see cref="TrainingLoop"/>.</summary>
internal interface ITrainingAlgorithm
{
    /// <summary>Name written into checkpoints (a checkpoint of another algorithm is refused).</summary>
    string Name { get; }

    /// <summary>The policy being trained (acts on raw observations; read between steps, e.g. for evaluation).</summary>
    Policy Policy { get; }

    /// <summary>Names of the losses <see cref="Step"/> reports, in order.</summary>
    IReadOnlyList<string> LossNames { get; }

    /// <summary>One gradient step (0-based <paramref name="step"/>); writes each loss into <paramref name="losses"/>.</summary>
    void Step(int step, Span<double> losses);

    /// <summary>Current learning rate of each optimizer.</summary>
    void LearningRates(Dictionary<string, double> rates);

    /// <summary>Writes everything needed to continue bit-identically: parameters, optimizer moments, RNG.</summary>
    void WriteState(BinaryWriter writer);

    /// <summary>Restores what <see cref="WriteState"/> wrote.</summary>
    void ReadState(BinaryReader reader);

    /// <summary>The value networks the model exports (empty for pure cloning).</summary>
    IReadOnlyList<ValueNetwork> ValueNetworks();

    /// <summary>A diagnosis worded since the last call (a critic diverging, <see cref="DivergenceWatch"/>), or null.</summary>
    string? TakeDiagnosis();
}
