using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Algorithms.BehaviorCloning;

/// <summary>
/// Options of (weighted) behavior cloning: maximize Σ w·log π(a|s) over the data. Not sealed: filtered behavior cloning
/// (<see cref="FilteredBehaviorCloningOptions"/>) is behavior cloning with one setting more.
/// </summary>
public class BehaviorCloningOptions : TrainerOptions
{
    /// <summary>
    /// Weight samples by the <c>Weight</c> column: null (default) uses it when present; true requires it; false ignores it.
    /// </summary>
    public bool? UseWeights { get; set; }

    /// <summary>Decay the learning rate to 0 with a cosine schedule over <see cref="TrainerOptions.Steps"/>.</summary>
    public bool CosineDecay { get; set; }
}
