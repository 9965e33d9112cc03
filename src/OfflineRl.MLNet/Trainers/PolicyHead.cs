namespace OfflineRl.MLNet.Trainers;

/// <summary>Which policy head a trainer fits.</summary>
public enum PolicyHead
{
    /// <summary>Categorical for discrete actions, Gaussian (tanh mean, state-independent log-std) for continuous.</summary>
    Auto,

    /// <summary>A deterministic tanh actor trained with (weighted) MSE; continuous actions only.</summary>
    Deterministic,
}
