namespace OfflineRl.MLNet.Algorithms.Awr;

/// <summary>
/// MARWIL's running scale of the advantages: c² a moving average of the batches' mean squared advantage,
/// c² ← c² + ρ·(mean_b A_b² − c²), set to the first batch's mean; c = √c² + 10⁻⁸ (so A/c stays finite when every
/// advantage is 0). Dividing by c makes β free of the reward's units.
/// </summary>
/// <remarks>Wang et al. 2018, "Exponentially Weighted Imitation Learning for Batched Historical Data", §4: https://papers.nips.cc/paper/7866 .</remarks>
internal sealed class AdvantageScale(double rate)
{
    private const double Epsilon = 1e-8;

    /// <summary>c², the moving average of mean squared advantage (0 before the first batch).</summary>
    public double MeanSquare { get; private set; }

    /// <summary>Batches averaged so far.</summary>
    public long Batches { get; private set; }

    /// <summary>c = √c² + 10⁻⁸.</summary>
    public float Scale => (float)(Math.Sqrt(MeanSquare) + Epsilon);

    /// <summary>Moves c² toward the mean squared advantage of <paramref name="advantages"/>.</summary>
    public void Update(ReadOnlySpan<float> advantages)
    {
        double sum = 0;
        foreach (var a in advantages)
        {
            sum += (double)a * a;
        }

        var mean = sum / Math.Max(1, advantages.Length);
        MeanSquare = Batches == 0 ? mean : MeanSquare + (rate * (mean - MeanSquare));
        Batches++;
    }

    /// <summary>Writes c² and the batch count.</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(MeanSquare);
        writer.Write(Batches);
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public void Read(BinaryReader reader)
    {
        MeanSquare = reader.ReadDouble();
        Batches = reader.ReadInt64();
    }
}
