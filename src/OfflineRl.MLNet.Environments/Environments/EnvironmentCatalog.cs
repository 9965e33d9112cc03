namespace OfflineRl.MLNet.Environments;

/// <summary>The environments this library ships, by id.</summary>
public static class EnvironmentCatalog
{
    /// <summary>Id of <see cref="CartPoleEnvironment"/>.</summary>
    public const string CartPole = "CartPole-v1";

    /// <summary>Id of <see cref="AcrobotEnvironment"/>.</summary>
    public const string Acrobot = "Acrobot-v1";

    /// <summary>Id of <see cref="MountainCarEnvironment"/>.</summary>
    public const string MountainCar = "MountainCar-v0";

    /// <summary>Id of <see cref="MountainCarContinuousEnvironment"/>.</summary>
    public const string MountainCarContinuous = "MountainCarContinuous-v0";

    /// <summary>Id of <see cref="PendulumEnvironment"/>.</summary>
    public const string Pendulum = "Pendulum-v1";

    /// <summary>Id of <see cref="StitchGridEnvironment"/>.</summary>
    public const string StitchGrid = "StitchGrid-v0";

    /// <summary>Id of <see cref="PointMazeEnvironment"/>.</summary>
    public const string StitchPointMaze = "StitchPointMaze-v0";

    /// <summary>Id of <see cref="StitchForkEnvironment"/>, the seeds' stitching test on a grid.</summary>
    public const string StitchFork = "StitchFork-v0";

    /// <summary>Id of <see cref="StitchForkPointEnvironment"/>, its continuous 2-D version.</summary>
    public const string StitchForkPoint = "StitchForkPoint-v0";

    /// <summary>The five Gymnasium classic-control environments.</summary>
    public static IReadOnlyList<string> ClassicControlIds { get; } =
        [.. EnvironmentRegistry.All.Where(entry => !entry.IsStitching && !entry.IsLocomotion).Select(entry => entry.Id)];

    /// <summary>Id of <see cref="HalfCheetahEnvironment"/> (MuJoCo).</summary>
    public const string HalfCheetah = "HalfCheetah-v4";

    /// <summary>Id of <see cref="HopperEnvironment"/> (MuJoCo).</summary>
    public const string Hopper = "Hopper-v4";

    /// <summary>Id of <see cref="Walker2dEnvironment"/> (MuJoCo).</summary>
    public const string Walker2d = "Walker2d-v4";

    /// <summary>The three MuJoCo locomotion tasks of D4RL, which need MuJoCo 2.2.2 (<c>apt-get install libmujoco2.2.2</c>).</summary>
    public static IReadOnlyList<string> LocomotionIds { get; } =
        [.. EnvironmentRegistry.All.Where(entry => entry.IsLocomotion).Select(entry => entry.Id)];

    /// <summary>Every environment id, in a stable order.</summary>
    public static IReadOnlyList<string> Ids { get; } = [.. EnvironmentRegistry.All.Select(entry => entry.Id)];

    /// <summary>Creates a fresh environment with its default settings (time limit included).</summary>
    /// <param name="id">An id from <see cref="Ids"/> (compared without regard to case).</param>
    /// <returns>The environment; call <see cref="IEnvironment.Reset(int)"/> before stepping.</returns>
    /// <exception cref="ArgumentException">When the id is unknown; the message lists the known ids.</exception>
    public static IEnvironment Create(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return EnvironmentRegistry.Get(id).Create();
    }

    /// <summary>True when the id names a shipped environment (compared without regard to case).</summary>
    /// <param name="id">The id.</param>
    /// <returns>Whether <see cref="Create"/> accepts it.</returns>
    public static bool Contains(string id) => id is not null && Ids.Any(known => string.Equals(known, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The id as the catalog spells it.</summary>
    /// <param name="id">An id in any case.</param>
    /// <returns>The catalog's spelling.</returns>
    /// <exception cref="ArgumentException">When the id is unknown.</exception>
    public static string Canonical(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Ids.FirstOrDefault(known => string.Equals(known, id, StringComparison.OrdinalIgnoreCase))
               ?? throw new ArgumentException($"Unknown environment '{id}'. Known: {string.Join(", ", Ids)}.", nameof(id));
    }
}
