namespace OfflineRl.MLNet.Nn;

/// <summary>Weight initialisation schemes (deterministic given an <see cref="NnRandom"/>).</summary>
internal static class Initializers
{
    /// <summary>
    /// Fills an input-major <c>[inFeatures, outFeatures]</c> matrix with <paramref name="gain"/> times a random matrix whose
    /// rows (if in ≤ out) or columns (otherwise) are orthonormal: a Gaussian matrix orthonormalised by modified
    /// Gram-Schmidt in float64 — the Q of its QR factorisation with a positive diagonal of R, as PyTorch's
    /// <c>orthogonal_</c> produces.
    /// </summary>
    public static void Orthogonal(NnRandom random, Span<float> weights, int inFeatures, int outFeatures, float gain = 1f)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (weights.Length < inFeatures * outFeatures)
        {
            throw new ArgumentException("The weight span is shorter than in·out.", nameof(weights));
        }

        // PyTorch's matrix is [out, in]; orthonormalise the columns of the tall orientation.
        var tall = Math.Max(inFeatures, outFeatures);
        var wide = Math.Min(inFeatures, outFeatures);
        var q = new double[tall * wide]; // column j at q[j*tall ..]
        for (var i = 0; i < q.Length; i++)
        {
            q[i] = random.NextGaussian();
        }

        for (var j = 0; j < wide; j++)
        {
            var cj = q.AsSpan(j * tall, tall);
            for (var p = 0; p < j; p++)
            {
                var cp = q.AsSpan(p * tall, tall);
                double dot = 0;
                for (var i = 0; i < tall; i++)
                {
                    dot += cp[i] * cj[i];
                }

                for (var i = 0; i < tall; i++)
                {
                    cj[i] -= dot * cp[i];
                }
            }

            double norm = 0;
            for (var i = 0; i < tall; i++)
            {
                norm += cj[i] * cj[i];
            }

            norm = Math.Sqrt(norm);
            for (var i = 0; i < tall; i++)
            {
                cj[i] /= norm;
            }
        }

        // Element (i = input, o = output). If out ≥ in, tall = out and column i is W[i, :]; otherwise column o is W[:, o].
        for (var i = 0; i < inFeatures; i++)
        {
            for (var o = 0; o < outFeatures; o++)
            {
                var v = outFeatures >= inFeatures ? q[(i * tall) + o] : q[(o * tall) + i];
                weights[(i * outFeatures) + o] = (float)(gain * v);
            }
        }
    }
}
