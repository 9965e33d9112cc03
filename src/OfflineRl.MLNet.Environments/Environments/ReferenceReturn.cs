namespace OfflineRl.MLNet.Environments;

/// <summary>The returns that anchor an environment's normalized score (0 = random, 100 = expert).</summary>
/// <param name="Random">Mean return of the uniformly random controller.</param>
/// <param name="Expert">Mean return of the noise-free scripted controller.</param>
public readonly record struct ReferenceReturn(double Random, double Expert)
{
    /// <summary>100·(R − Random)/(Expert − Random).</summary>
    /// <param name="averageReturn">A mean return R.</param>
    /// <returns>The normalized score.</returns>
    public double Normalize(double averageReturn) => 100.0 * (averageReturn - Random) / (Expert - Random);
}
