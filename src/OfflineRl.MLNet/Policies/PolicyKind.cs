namespace OfflineRl.MLNet.Policies;

/// <summary>The family of a policy: what kind of actions it takes and how they are distributed.</summary>
public enum PolicyKind
{
    /// <summary>Discrete actions, softmax over logits.</summary>
    Categorical = 0,

    /// <summary>Continuous actions, Normal(tanh(mean), exp(logσ)) with a state-independent logσ.</summary>
    Gaussian = 1,

    /// <summary>Continuous actions, tanh(network).</summary>
    Deterministic = 2,

    /// <summary>
    /// Continuous actions, tanh(Normal(mean, exp(logσ))) with mean and logσ both from the network (SAC's actor); it acts
    /// with tanh(mean).
    /// </summary>
    SquashedGaussian = 3,
}
