namespace OfflineRl.MLNet.Nn;

/// <summary>An elementwise activation of an MLP layer.</summary>
internal enum Activation
{
    /// <summary>Identity.</summary>
    None = 0,

    /// <summary>Rectified linear unit, <c>max(0, x)</c>.</summary>
    Relu = 1,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh = 2,
}
