namespace OfflineRl.MLNet.Policies;

/// <summary>The family of a policy head.</summary>
public enum PolicyKind
{
    /// <summary>Discrete actions, softmax over logits (<see cref="CategoricalPolicy"/>).</summary>
    Categorical = 0,

    /// <summary>Continuous actions, Normal(tanh(mean), exp(logσ)) with a state-independent logσ (<see cref="GaussianPolicy"/>).</summary>
    Gaussian = 1,

    /// <summary>Continuous actions, tanh(network) (<see cref="DeterministicPolicy"/>).</summary>
    Deterministic = 2,
}
