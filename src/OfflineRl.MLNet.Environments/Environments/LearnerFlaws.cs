namespace OfflineRl.MLNet.Environments;

/// <summary>
/// How a learning behavior policy of one classic-control environment gets things wrong before it has learned, at full
/// strength (flaw 1); <see cref="LearnerController"/> scales them by its flaw level. All are state-dependent — the
/// controller acts on a distorted view of the state — none is a coin flip.
/// </summary>
/// <param name="BiasIndex">The observation variable the learner reads with a systematic offset (a wrong threshold).</param>
/// <param name="Bias">The offset at flaw 1, in that variable's units.</param>
/// <param name="HiddenIndex">The variable the learner does not observe (reads as 0) while its flaw is above 0.8 — the first, barely-trained stages.</param>
/// <param name="MaxDelay">Steps of observation delay at flaw 1.</param>
/// <param name="GainSpread">At flaw 1 each variable is read with a gain drawn uniformly from [1 − spread, 1 + spread] per stage.</param>
/// <param name="RandomFlaw">The flaw level of the first medium-replay stage: the smallest flaw at which the learner scores like a random policy (normalized score about 0), measured.</param>
/// <param name="MediumFlaw">The flaw level of the medium learner, the last medium-replay stage: where its normalized score is about 40, measured.</param>
public readonly record struct LearnerFlaws(int BiasIndex, double Bias, int HiddenIndex, int MaxDelay, double GainSpread, double RandomFlaw, double MediumFlaw)
{
    /// <summary>
    /// The flaws of a classic-control learner, declared with what was measured in its environment's registry entry: a
    /// wrong threshold on one variable (e.g. CartPole reads the pole angle 0.5 rad off), one variable unobserved early on,
    /// delays of up to 3–6 steps, gains ±50 %. A stage's normalized score falls steeply with the flaw and varies a lot with
    /// the stage's gains (the stage seed), as separate training runs do. Above its random level a learner is not monotone
    /// in the flaw (MountainCarContinuous at flaw 1 pushes one way and scores about 95), which is why medium-replay stages
    /// stay between <c>RandomFlaw</c> and <c>MediumFlaw</c>.
    /// </summary>
    /// <param name="environmentId">A classic-control id.</param>
    public static LearnerFlaws For(string environmentId)
    {
        var entry = EnvironmentRegistry.Get(environmentId);
        return entry.Flaws ?? throw new ArgumentException(
            $"{entry.Id} has no learner flaws; they exist for the classic-control environments.", nameof(environmentId));
    }
}
