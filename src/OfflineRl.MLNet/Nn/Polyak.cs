using System.Numerics.Tensors;

namespace OfflineRl.MLNet.Nn;

/// <summary>Polyak (exponential moving) averaging of parameters, used for target networks.</summary>
internal static class Polyak
{
    /// <summary><c>target ← (1 − τ)·target + τ·online</c>, elementwise, in one sweep.</summary>
    /// <exception cref="ArgumentException">On a length mismatch or τ outside [0, 1].</exception>
    public static void Update(Span<float> target, ReadOnlySpan<float> online, float tau)
    {
        if (target.Length != online.Length)
        {
            throw new ArgumentException($"Target has {target.Length} values, online {online.Length}.");
        }

        if (!(tau >= 0f && tau <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(tau), tau, "τ must be in [0, 1].");
        }

        // (1 − τ)·t + τ·s computed as t·(1 − τ) then + s·τ.
        TensorPrimitives.Multiply(target, 1f - tau, target);
        TensorPrimitives.MultiplyAdd(online, tau, target, target);
    }
}
