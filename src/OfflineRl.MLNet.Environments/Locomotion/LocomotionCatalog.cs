namespace OfflineRl.MLNet.Environments;

/// <summary>The MuJoCo locomotion environments (D4RL's tasks), by id. They need MuJoCo 2.2.2 (<c>apt-get install libmujoco2.2.2</c>).</summary>
public static class LocomotionCatalog
{
    /// <summary>Id of <see cref="HalfCheetahEnvironment"/>.</summary>
    public const string HalfCheetah = "HalfCheetah-v4";

    /// <summary>Id of <see cref="HopperEnvironment"/>.</summary>
    public const string Hopper = "Hopper-v4";

    /// <summary>Id of <see cref="Walker2dEnvironment"/>.</summary>
    public const string Walker2d = "Walker2d-v4";

    /// <summary>The three ids, in D4RL's order.</summary>
    public static IReadOnlyList<string> Ids { get; } = [HalfCheetah, Hopper, Walker2d];

    /// <summary>Whether MuJoCo 2.2.2 loads on this machine, so the environments can be created.</summary>
    public static bool IsMujocoAvailable => MujocoNative.IsAvailable;

    /// <summary>Creates a locomotion environment with its default time limit.</summary>
    /// <param name="id">An id from <see cref="Ids"/> (compared without regard to case).</param>
    /// <returns>The environment; call <see cref="IEnvironment.Reset(int)"/> before stepping.</returns>
    /// <exception cref="ArgumentException">When the id is unknown.</exception>
    /// <exception cref="PlatformNotSupportedException">When MuJoCo 2.2.2 is not installed; the message names the package.</exception>
    public static LocomotionEnvironment Create(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.ToUpperInvariant() switch
        {
            "HALFCHEETAH-V4" => new HalfCheetahEnvironment(),
            "HOPPER-V4" => new HopperEnvironment(),
            "WALKER2D-V4" => new Walker2dEnvironment(),
            _ => throw new ArgumentException($"Unknown locomotion environment '{id}'. Known: {string.Join(", ", Ids)}.", nameof(id)),
        };
    }
}
