namespace OfflineRl.MLNet.Nn;

/// <summary>
/// Cosine learning-rate decay (Loshchilov and Hutter's SGDR without restarts; PyTorch's <c>CosineAnnealingLR</c> in
/// closed form): <c>lr(t) = min + (base − min)·(1 + cos(π·t/T))/2</c> for t in [0, T], and <c>min</c> after T.
/// </summary>
internal sealed class CosineSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the step count is below 1 or a rate is negative.</exception>
    public CosineSchedule(float baseLearningRate, long totalSteps, float minLearningRate = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(baseLearningRate);
        ArgumentOutOfRangeException.ThrowIfNegative(minLearningRate);
        BaseLearningRate = baseLearningRate;
        TotalSteps = totalSteps;
        MinLearningRate = minLearningRate;
    }

    /// <summary>Rate at step 0.</summary>
    public float BaseLearningRate { get; }

    /// <summary>T, the step at which the rate reaches the minimum.</summary>
    public long TotalSteps { get; }

    /// <summary>Rate at and after step T.</summary>
    public float MinLearningRate { get; }

    /// <summary>The learning rate to use for step <paramref name="step"/> (0-based).</summary>
    public float LearningRate(long step)
    {
        if (step <= 0)
        {
            return BaseLearningRate;
        }

        if (step >= TotalSteps)
        {
            return MinLearningRate;
        }

        var cos = Math.Cos(Math.PI * step / TotalSteps);
        return (float)(MinLearningRate + ((BaseLearningRate - (double)MinLearningRate) * (1.0 + cos) / 2.0));
    }
}
