namespace OfflineRl.MLNet.Environments;

/// <summary>D4RL-like quality levels of a scripted behavior controller.</summary>
public enum BehaviorLevel
{
    /// <summary>Uniformly random actions.</summary>
    Random = 0,

    /// <summary>The scripted controller mixed with random actions so its normalized score is about one third.</summary>
    Medium = 1,

    /// <summary>The scripted controller without noise.</summary>
    Expert = 2,
}
