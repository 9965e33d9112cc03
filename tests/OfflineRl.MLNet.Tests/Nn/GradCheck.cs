namespace OfflineRl.MLNet.Tests.Nn;

/// <summary>Central finite differences against analytic gradients, on float32 parameters with float64 losses.</summary>
internal static class GradCheck
{
    /// <summary>
    /// Checks analytic[i] against (L(x+h) − L(x−h))/2h for the given indices of <paramref name="values"/>. Where the
    /// estimates at h and h/2 or h/4 disagree the difference straddles a kink (ReLU); such points are skipped, and at most a
    /// tenth of the points may be skipped.
    /// </summary>
    public static void Check(float[] values, Func<double> loss, float[] analytic, string what, IEnumerable<int>? indices = null, float h = 1e-2f, double tolerance = 2e-2)
    {
        var skipped = 0;
        var total = 0;
        foreach (var i in indices ?? Enumerable.Range(0, values.Length))
        {
            total++;
            var numeric = Numeric(values, i, loss, h);
            var err = Math.Abs(numeric - analytic[i]);
            var scale = tolerance * Math.Max(1e-2, Math.Abs(numeric));
            if (err > scale && (Math.Abs(Numeric(values, i, loss, h / 2) - numeric) > scale || Math.Abs(Numeric(values, i, loss, h / 4) - numeric) > scale))
            {
                skipped++;
                continue;
            }

            Assert.True(err <= scale, $"{what}[{i}]: analytic {analytic[i]}, numeric {numeric}");
        }

        Assert.True(skipped * 10 <= total, $"{what}: {skipped} of {total} points straddle kinks");
    }

    private static double Numeric(float[] values, int i, Func<double> loss, float h)
    {
        var saved = values[i];
        values[i] = saved + h;
        var plus = loss();
        values[i] = saved - h;
        var minus = loss();
        values[i] = saved;
        return (plus - minus) / ((double)(saved + h) - (double)(saved - h));
    }

    public static float[] Random(Random rng, int n, double scale = 1)
    {
        var v = new float[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
        }

        return v;
    }

    public static double Dot(ReadOnlySpan<float> a, float[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++)
        {
            s += (double)a[i] * b[i];
        }

        return s;
    }
}
