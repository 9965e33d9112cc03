namespace OfflineRl.MLNet.Evaluation;

/// <summary>Which policy off-policy evaluation values: the deployed greedy one, or the stochastic one the model describes.</summary>
public enum TargetPolicyActions
{
    /// <summary>
    /// The greedy (deterministic) action, as <c>Act</c> gives and a deployment runs: π(a|s) = 1 for that action, 0 otherwise.
    /// Importance sampling needs a discrete action space for it (a deterministic continuous action has no density).
    /// </summary>
    Greedy,

    /// <summary>Actions drawn from the policy's distribution: π(a|s) = exp(<c>LogProb</c>), a density for continuous actions.</summary>
    Stochastic,
}
