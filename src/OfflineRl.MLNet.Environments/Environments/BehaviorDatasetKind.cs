namespace OfflineRl.MLNet.Environments;

/// <summary>The D4RL-like behavior datasets <see cref="BehaviorDataGenerator"/> logs.</summary>
public enum BehaviorDatasetKind
{
    /// <summary>Uniformly random actions.</summary>
    Random = 0,

    /// <summary>
    /// The medium learner: the final <see cref="LearnerController"/> stage of the learning run whose log is
    /// <see cref="MediumReplay"/> (same seed), normalized score about 40 on average over seeds.
    /// </summary>
    Medium = 1,

    /// <summary>The noise-free scripted controller.</summary>
    Expert = 2,

    /// <summary>
    /// What a learning behavior policy logged on its way from random to medium, as D4RL's medium-replay: <see cref="LearnerController"/>
    /// stages whose flaws (delay, perturbed gains, a wrong threshold, an unobserved variable) shrink over the log
    /// (<see cref="BehaviorDataGenerator.ReplayFlaw"/>).
    /// </summary>
    MediumReplay = 3,

    /// <summary>As D4RL's: <see cref="Medium"/> episodes for the first half of the step budget, <see cref="Expert"/> episodes for the second.</summary>
    MediumExpert = 4,
}
