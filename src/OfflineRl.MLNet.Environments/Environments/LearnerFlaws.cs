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
    /// The flaws of each classic-control learner: CartPole reads the pole angle 0.5 rad off and does not see the pole's
    /// angular velocity; Acrobot reads θ̇1 3 rad/s off and does not see θ̇2; the mountain cars read the velocity 0.03 off and
    /// act on the position alone; Pendulum reads θ̇ 4 rad/s off and does not see it. Delays of up to 3–6 steps, gains ±50 %.
    /// Normalized score of one stage by flaw level, mean ± standard deviation over 16 stage seeds (6 episodes each): CartPole
    /// 38 ± 33 at 0.35, 5 ± 14 at 0.46, −2.8 from 0.5; Acrobot 42 ± 16 at 0.2, 0 ± 4 at 0.34; MountainCar 30 ± 17 at 0.38,
    /// 0 ± 0 at 0.8; MountainCarContinuous 42 ± 37 at 0.5, 4 ± 37 at 0.6; Pendulum 46 ± 20 at 0.2, −5 ± 11 at 0.48. Score
    /// falls steeply with the flaw and varies a lot with the stage's gains (the stage seed), as separate training runs do.
    /// Above its random level a learner is not monotone in the flaw (MountainCarContinuous at flaw 1 pushes one way and
    /// scores about 95), which is why medium-replay stages stay between <c>RandomFlaw</c> and <c>MediumFlaw</c>.
    /// </summary>
    /// <param name="environmentId">A classic-control id.</param>
    public static LearnerFlaws For(string environmentId) => EnvironmentCatalog.Canonical(environmentId) switch
    {
        EnvironmentCatalog.CartPole => new(BiasIndex: 2, Bias: 0.5, HiddenIndex: 3, MaxDelay: 3, GainSpread: 0.5, RandomFlaw: 0.5, MediumFlaw: 0.35),
        EnvironmentCatalog.Acrobot => new(BiasIndex: 4, Bias: 3.0, HiddenIndex: 5, MaxDelay: 6, GainSpread: 0.5, RandomFlaw: 0.34, MediumFlaw: 0.2),
        EnvironmentCatalog.MountainCar => new(BiasIndex: 1, Bias: 0.03, HiddenIndex: 1, MaxDelay: 6, GainSpread: 0.5, RandomFlaw: 0.8, MediumFlaw: 0.33),
        EnvironmentCatalog.MountainCarContinuous => new(BiasIndex: 1, Bias: 0.03, HiddenIndex: 1, MaxDelay: 6, GainSpread: 0.5, RandomFlaw: 0.62, MediumFlaw: 0.5),
        EnvironmentCatalog.Pendulum => new(BiasIndex: 2, Bias: 4.0, HiddenIndex: 2, MaxDelay: 3, GainSpread: 0.5, RandomFlaw: 0.47, MediumFlaw: 0.2),
        var id => throw new ArgumentException($"{id} has no learner flaws; they exist for the classic-control environments.", nameof(environmentId)),
    };
}
