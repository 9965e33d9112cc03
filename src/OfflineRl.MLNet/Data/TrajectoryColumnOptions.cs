namespace OfflineRl.MLNet.Data;

/// <summary>
/// Which columns of an <see cref="Microsoft.ML.IDataView"/> hold each trajectory role, ML.NET style
/// (<c>ObservationColumnName</c> and so on); the defaults are the role names of <see cref="ColumnNames"/>. Every transform
/// and trainer of this library reads its input through these, so any view with the columns works: a loader of this
/// library, <c>mlContext.Data.LoadFromEnumerable</c>, <c>LoadFromTextFile</c>, <c>CreateDatabaseLoader</c>, or the output of
/// ML.NET's own transforms.
/// </summary>
/// <remarks>
/// Accepted types: <c>EpisodeId</c> and <c>Step</c> any integer type (or text for the episode id); <c>Observation</c> and
/// <c>NextObservation</c> a known-size vector of Single (or one Single); <c>Action</c> an integer type (discrete), or
/// Single/Double or a known-size Single vector (continuous); <c>Reward</c> Single or Double; <c>IsTerminal</c> and
/// <c>IsTruncated</c> Boolean. Rows must come episode by episode, in step order; nothing is reordered.
/// </remarks>
public class TrajectoryColumnOptions
{
    /// <summary>Column of the episode each step belongs to (default <c>EpisodeId</c>).</summary>
    public string EpisodeIdColumnName { get; set; } = ColumnNames.EpisodeId;

    /// <summary>Column of the step index within its episode (default <c>Step</c>); optional — when present its order is checked.</summary>
    public string StepColumnName { get; set; } = ColumnNames.Step;

    /// <summary>Column of the observation vector (default <c>Observation</c>).</summary>
    public string ObservationColumnName { get; set; } = ColumnNames.Observation;

    /// <summary>Column of the logged action (default <c>Action</c>).</summary>
    public string ActionColumnName { get; set; } = ColumnNames.Action;

    /// <summary>Column of the reward (default <c>Reward</c>).</summary>
    public string RewardColumnName { get; set; } = ColumnNames.Reward;

    /// <summary>Column of the terminal flag (default <c>IsTerminal</c>); may be absent when <see cref="DatasetLoadOptions.MissingEndFlags"/> says how episodes end.</summary>
    public string IsTerminalColumnName { get; set; } = ColumnNames.IsTerminal;

    /// <summary>Column of the truncation flag (default <c>IsTruncated</c>); optional.</summary>
    public string IsTruncatedColumnName { get; set; } = ColumnNames.IsTruncated;

    /// <summary>Column of the recorded next observation (default <c>NextObservation</c>); optional.</summary>
    public string NextObservationColumnName { get; set; } = ColumnNames.NextObservation;

    /// <summary>How to read what the columns leave open (end flags, action count and bounds); null refuses anything ambiguous.</summary>
    public DatasetLoadOptions? LoadOptions { get; set; }

    /// <summary>True when every column name is its role's default and no load options are set.</summary>
    internal bool IsDefault =>
        EpisodeIdColumnName == ColumnNames.EpisodeId && StepColumnName == ColumnNames.Step &&
        ObservationColumnName == ColumnNames.Observation && ActionColumnName == ColumnNames.Action &&
        RewardColumnName == ColumnNames.Reward && IsTerminalColumnName == ColumnNames.IsTerminal &&
        IsTruncatedColumnName == ColumnNames.IsTruncated && NextObservationColumnName == ColumnNames.NextObservation &&
        LoadOptions is null;

    /// <summary>Copies the column mapping of <paramref name="other"/> into this.</summary>
    internal void CopyColumnsFrom(TrajectoryColumnOptions other)
    {
        EpisodeIdColumnName = other.EpisodeIdColumnName;
        StepColumnName = other.StepColumnName;
        ObservationColumnName = other.ObservationColumnName;
        ActionColumnName = other.ActionColumnName;
        RewardColumnName = other.RewardColumnName;
        IsTerminalColumnName = other.IsTerminalColumnName;
        IsTruncatedColumnName = other.IsTruncatedColumnName;
        NextObservationColumnName = other.NextObservationColumnName;
        LoadOptions = other.LoadOptions;
    }
}
