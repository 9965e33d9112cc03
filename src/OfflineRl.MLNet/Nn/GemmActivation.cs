namespace OfflineRl.MLNet.Nn;

/// <summary>An activation applied to each GEMM output in the same pass that writes it.</summary>
internal enum GemmActivation
{
    /// <summary>No activation: <c>C = alpha·op(A)·op(B) + beta·C (+ bias)</c>.</summary>
    None = 0,

    /// <summary>Rectified linear unit: <c>max(0, ·)</c> after the bias is added.</summary>
    Relu = 1,
}
