namespace OfflineRl.MLNet.Data;

/// <summary>
/// How episodes end when the source records no end flags at all (for example stable-baselines expert files,
/// which only mark episode starts). The caller must choose; nothing is assumed silently.
/// </summary>
public enum MissingEndFlagsAssumption
{
    /// <summary>No assumption: a source without end flags is refused.</summary>
    None,

    /// <summary>Every episode was cut (time limit or log cut): its last step is truncated.</summary>
    AllTruncated,

    /// <summary>Every episode reached a terminal state.</summary>
    AllTerminal,

    /// <summary>
    /// An episode of exactly <see cref="DatasetLoadOptions.TimeLimit"/> steps was truncated by the time limit;
    /// any shorter episode ended terminally (CartPole-v1: 500).
    /// </summary>
    TerminalUnlessTimeLimit,
}
