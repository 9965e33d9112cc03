namespace OfflineRl.MLNet.Environments;

/// <summary>The shipped environments' entries: the one list that names them all.</summary>
internal static class EnvironmentRegistry
{
    /// <summary>Every entry, in the order of <see cref="EnvironmentCatalog.Ids"/> (result tables and help texts follow it).</summary>
    public static IReadOnlyList<EnvironmentEntry> All { get; } =
    [
        CartPoleEnvironment.Entry,
        AcrobotEnvironment.Entry,
        MountainCarEnvironment.Entry,
        MountainCarContinuousEnvironment.Entry,
        PendulumEnvironment.Entry,
        StitchGridEnvironment.Entry,
        PointMazeEnvironment.Entry,
        StitchForkEnvironment.Entry,
        StitchForkPointEnvironment.Entry,
        HalfCheetahEnvironment.Entry,
        HopperEnvironment.Entry,
        Walker2dEnvironment.Entry,
    ];

    /// <summary>The entry of an id.</summary>
    /// <param name="id">An id from <see cref="EnvironmentCatalog.Ids"/> (compared without regard to case).</param>
    /// <exception cref="ArgumentException">When the id is unknown; the message lists the known ids.</exception>
    public static EnvironmentEntry Get(string id)
    {
        var canonical = EnvironmentCatalog.Canonical(id);
        return All.First(entry => entry.Id == canonical);
    }
}
