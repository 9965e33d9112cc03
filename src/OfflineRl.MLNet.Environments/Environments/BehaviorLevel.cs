namespace OfflineRl.MLNet.Environments;

/// <summary>D4RL-like quality levels of a scripted behavior controller.</summary>
public enum BehaviorLevel
{
    /// <summary>Uniformly random actions.</summary>
    Random = 0,

    /// <summary>
    /// The scripted expert taking a uniformly random action with probability ε, tuned per environment so its normalized score
    /// is about one third: a reference point for normalized scores, not a dataset kind (the medium datasets are logged by
    /// <see cref="LearnerController"/>, whose mistakes depend on the state, not on a coin).
    /// </summary>
    EpsilonGreedy = 1,

    /// <summary>The scripted controller without noise.</summary>
    Expert = 2,
}
