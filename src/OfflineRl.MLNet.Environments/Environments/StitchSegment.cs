namespace OfflineRl.MLNet.Environments;

/// <summary>The kinds of logged episodes in the stitching datasets. None goes from the start room to the goal.</summary>
public enum StitchSegment
{
    /// <summary>From a start-room cell to a hub cell; cut (truncated) on arrival.</summary>
    StartToHub = 0,

    /// <summary>From a hub cell to the goal; terminal with reward 1 on arrival.</summary>
    HubToGoal = 1,

    /// <summary>From a hub cell to a dead-end cell; cut on arrival.</summary>
    HubToDeadEnd = 2,

    /// <summary>From a hub cell back to a start-room cell; cut on arrival.</summary>
    HubToStart = 3,
}
