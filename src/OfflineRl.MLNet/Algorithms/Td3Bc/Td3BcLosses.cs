using OfflineRl.MLNet.Algorithms.ReBrac;
using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Algorithms.Td3Bc;

/// <summary>
/// The weights of the losses <see cref="Td3BcAlgorithm"/> runs, where TD3+BC and ReBRAC differ (docs/td3bc.md):
/// actor loss −λ·mean_b Q(s, π(s)) + <see cref="ActorPenalty"/>·mean_b ‖π(s) − a‖², λ = <see cref="QScale"/> / mean|Q|
/// (or <see cref="QScale"/> without <see cref="NormalizeQ"/>); critic target r + γ(1 − d)·(min Q̄(s′, ã′) −
/// <see cref="CriticPenalty"/>·‖ã′ − â′‖²).
/// </summary>
internal sealed record Td3BcLosses(
    string Name,
    float QScale,
    bool NormalizeQ,
    float ActorPenalty,
    float CriticPenalty,
    bool ActorReadsMinimum,
    bool CriticLayerNorm,
    TwinDelayedOptions TwinDelayed,
    float TargetRate)
{
    /// <summary>
    /// TD3+BC: λ = α / mean|Q₁|, and the BC term is the mean squared error over every action element (PyTorch's
    /// <c>F.mse_loss</c> in the paper's code), i.e. mean_b ‖π(s) − a‖² / action dimension.
    /// </summary>
    public static Td3BcLosses Of(Td3BcOptions o, int actionDimension) =>
        new("Td3Bc", o.Alpha, true, 1f / actionDimension, 0f, false, false, o.TwinDelayed, o.TargetNetwork.UpdateRate);

    /// <summary>ReBRAC: λ = 1 / mean|min Q|, β₁ and β₂ on the summed squared differences, LayerNorm critics.</summary>
    public static Td3BcLosses Of(ReBracOptions o) =>
        new("ReBrac", 1f, o.NormalizeQ, o.ActorPenalty, o.CriticPenalty, true, o.CriticLayerNorm, o.TwinDelayed, o.TargetNetwork.UpdateRate);

    /// <summary>The actor of TD3+BC and ReBRAC is deterministic.</summary>
    public static void AddHeadError(PolicyHead head, List<string> errors)
    {
        if (head != PolicyHead.Deterministic)
        {
            errors.Add($"{nameof(TrainerOptions.Head)} must be {nameof(PolicyHead.Deterministic)}: the actor is a deterministic tanh policy (got {head}).");
        }
    }
}
