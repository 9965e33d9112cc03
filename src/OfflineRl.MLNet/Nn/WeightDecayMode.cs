namespace OfflineRl.MLNet.Nn;

/// <summary>How <see cref="Adam"/> applies weight decay λ.</summary>
internal enum WeightDecayMode
{
    /// <summary>Decoupled (AdamW, Loshchilov and Hutter): <c>θ ← θ − lr·λ·θ</c> before the Adam update; the moments never see λ.</summary>
    Decoupled = 0,

    /// <summary>L2 penalty (PyTorch <c>Adam(weight_decay=λ)</c>): <c>g ← g + λ·θ</c> before the moments are updated.</summary>
    L2 = 1,
}
