namespace OfflineRl.MLNet.Data;

/// <summary>What to do with an episode whose last step is neither terminal nor truncated.</summary>
public enum UnterminatedEpisodeHandling
{
    /// <summary>Refuse the data (the default): the log may have been cut by accident.</summary>
    Error,

    /// <summary>Mark the last step truncated and report how many episodes were marked.</summary>
    MarkTruncated,
}
