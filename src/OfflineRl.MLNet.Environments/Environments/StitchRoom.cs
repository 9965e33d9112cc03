namespace OfflineRl.MLNet.Environments;

/// <summary>The rooms of the stitching map. The start and goal rooms touch only the hub corridor.</summary>
public enum StitchRoom
{
    /// <summary>Not a room: a wall cell.</summary>
    Wall = 0,

    /// <summary>The room evaluation episodes start in.</summary>
    Start = 1,

    /// <summary>The corridor joining the start room, the goal room and the dead-end room.</summary>
    Hub = 2,

    /// <summary>A room that leads nowhere.</summary>
    DeadEnd = 3,

    /// <summary>The room holding the goal cell.</summary>
    Goal = 4,
}
