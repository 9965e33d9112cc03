namespace OfflineRl.MLNet.Environments;

/// <summary>The D4RL-like behavior datasets <see cref="BehaviorDataGenerator"/> logs.</summary>
public enum BehaviorDatasetKind
{
    /// <summary>Uniformly random actions.</summary>
    Random = 0,

    /// <summary>The medium controller (about one third of the expert's normalized score).</summary>
    Medium = 1,

    /// <summary>The noise-free scripted controller.</summary>
    Expert = 2,

    /// <summary>A replay-buffer-like mixture: ε falls linearly from 1 (random) to the medium ε over the dataset.</summary>
    MediumReplay = 3,

    /// <summary>Medium episodes for the first half of the step budget, expert episodes for the second.</summary>
    MediumExpert = 4,
}
