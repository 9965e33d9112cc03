namespace OfflineRl.MLNet.Environments;

/// <summary>What the locomotion tasks share in the registry.</summary>
internal static class LocomotionCatalog
{
    /// <summary>Whether MuJoCo 2.2.2 loads on this machine, so the environments can be created.</summary>
    public static bool IsMujocoAvailable => MujocoNative.IsAvailable;

    /// <summary>A registry entry: D4RL's reference returns; no scripted controller.</summary>
    public static EnvironmentEntry Entry(string id, Func<IEnvironment> create, ReferenceReturn reference) => new(
        id,
        create,
        _ => throw new NotSupportedException($"{id} has no scripted controller; its behaviour policies are trained (SAC checkpoints)."),
        MediumEpsilon: double.NaN,
        Reference: reference,
        MeasuredEpsilonGreedy: double.NaN,
        IsLocomotion: true);
}
