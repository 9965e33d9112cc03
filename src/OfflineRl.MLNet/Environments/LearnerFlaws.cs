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
/// <param name="MediumFlaw">The flaw level of the last medium-replay stage: where the learner's normalized score is about 40, measured.</param>
public readonly record struct LearnerFlaws(int BiasIndex, double Bias, int HiddenIndex, int MaxDelay, double GainSpread, double MediumFlaw)
{
    /// <summary>
    /// The flaws of each classic-control learner: CartPole reads the pole angle 0.5 rad off and does not see the pole's
    /// angular velocity; Acrobot reads θ̇1 3 rad/s off and does not see θ̇2; the mountain cars read the velocity 0.03 off and
    /// act on the position alone; Pendulum reads θ̇ 4 rad/s off and does not see it. Delays of up to 3–6 steps, gains ±50 %.
    /// Scores of one stage by flaw level (10 episodes × 3 stage seeds): CartPole 100 at 0.2, 40 at 0.4, −2 from 0.5;
    /// Acrobot 94 at 0.1, 41 at 0.2, −1 from 0.3; MountainCar 55 / 40 / 21 at 0.2 / 0.3 / 0.4; MountainCarContinuous 53 / 23
    /// at 0.4 / 0.5; Pendulum 49 / 24 at 0.2 / 0.3.
    /// </summary>
    /// <param name="environmentId">A classic-control id.</param>
    public static LearnerFlaws For(string environmentId) => EnvironmentCatalog.Canonical(environmentId) switch
    {
        EnvironmentCatalog.CartPole => new(BiasIndex: 2, Bias: 0.5, HiddenIndex: 3, MaxDelay: 3, GainSpread: 0.5, MediumFlaw: 0.4),
        EnvironmentCatalog.Acrobot => new(BiasIndex: 4, Bias: 3.0, HiddenIndex: 5, MaxDelay: 6, GainSpread: 0.5, MediumFlaw: 0.2),
        EnvironmentCatalog.MountainCar => new(BiasIndex: 1, Bias: 0.03, HiddenIndex: 1, MaxDelay: 6, GainSpread: 0.5, MediumFlaw: 0.3),
        EnvironmentCatalog.MountainCarContinuous => new(BiasIndex: 1, Bias: 0.03, HiddenIndex: 1, MaxDelay: 6, GainSpread: 0.5, MediumFlaw: 0.45),
        EnvironmentCatalog.Pendulum => new(BiasIndex: 2, Bias: 4.0, HiddenIndex: 2, MaxDelay: 3, GainSpread: 0.5, MediumFlaw: 0.25),
        var id => throw new ArgumentException($"{id} has no learner flaws; they exist for the classic-control environments.", nameof(environmentId)),
    };
}
