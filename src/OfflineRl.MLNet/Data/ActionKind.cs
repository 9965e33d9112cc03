namespace OfflineRl.MLNet.Data;

/// <summary>Whether a dataset's actions are indices into a finite set or real-valued vectors.</summary>
public enum ActionKind
{
    /// <summary>Actions are integers in <c>[0, Count)</c>.</summary>
    Discrete,

    /// <summary>Actions are float vectors of a fixed dimension, optionally bounded.</summary>
    Continuous,
}
