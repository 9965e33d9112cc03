using OfflineRl.MLNet.Trainers;

namespace OfflineRl.MLNet.Algorithms.ChiSquaredDice;

/// <summary>
/// Options of χ²-DICE: V minimizes mean max(0, 1 + δ/(2α))² + mean V(s)/α with δ = r + γ·(1 − terminal)·V(s′) − V(s)
/// (or, with <see cref="DiceStateTerm.InitialStates"/>, + (1 − γ)·mean V(s₀)/α), and the policy maximizes
/// mean max(0, δ)·log π(a|s).
/// </summary>
/// <remarks>docs/chi-squared-dice.md; Nachum &amp; Dai 2020: https://arxiv.org/abs/2001.01866 .</remarks>
public sealed class ChiSquaredDiceOptions : TrainerOptions
{
    /// <summary>Default α (1).</summary>
    public const float DefaultRegularization = ChiSquaredDiceLoss.DefaultRegularization;

    /// <summary>
    /// α &gt; 0, the weight of the χ² divergence from the data: small α lets V approach the best backup the data's
    /// transitions allow (and the policy stitch), large α keeps V near the data's own values.
    /// </summary>
    public float Regularization { get; set; } = DefaultRegularization;

    /// <summary>
    /// Which states V's second term averages over: the batch's states (the practical objective's, the default) or the
    /// episodes' initial states, scaled by (1 − γ) (the duality's).
    /// </summary>
    public DiceStateTerm StateTerm { get; set; } = DiceStateTerm.DataStates;

    /// <inheritdoc />
    protected override void AddErrors(List<string> errors)
    {
        base.AddErrors(errors);
        if (!(Regularization > 0) || !float.IsFinite(Regularization))
        {
            errors.Add($"{nameof(Regularization)} must be a finite number > 0 (got {Regularization}).");
        }

        if (!Enum.IsDefined(StateTerm))
        {
            errors.Add($"{nameof(StateTerm)} must be DataStates or InitialStates (got {StateTerm}).");
        }
    }
}

/// <summary>The states the second term of χ²-DICE's value loss averages V over.</summary>
public enum DiceStateTerm
{
    /// <summary>E over the data's states, E[V(s)]/α: the practical objective as written (the default).</summary>
    DataStates,

    /// <summary>(1 − γ)·E over the episodes' first states, (1 − γ)·E[V(s₀)]/α: the form the duality derives.</summary>
    InitialStates,
}
