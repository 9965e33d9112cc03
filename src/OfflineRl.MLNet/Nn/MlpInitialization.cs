namespace OfflineRl.MLNet.Nn;

/// <summary>How <see cref="Mlp.Initialize"/> draws the weights.</summary>
internal enum MlpInitialization
{
    /// <summary>PyTorch's <c>nn.Linear</c> default: W and b uniform in ±1/√fan_in.</summary>
    PyTorchDefault = 0,

    /// <summary>Orthogonal W with gain √2 on hidden layers and <see cref="MlpOptions.OutputGain"/> on the last; b = 0.</summary>
    Orthogonal = 1,
}
